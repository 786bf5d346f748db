import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const admin = await requireAdmin();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={admin} current="admin" />
      <main className="mx-auto w-full max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold" data-testid="admin-heading">Admin</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">Users, threads and the audit log will live here.</p>
      </main>
    </div>
  );
}
