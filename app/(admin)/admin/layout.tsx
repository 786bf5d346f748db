import { AdminNav } from "@/components/admin/admin-nav";
import { AppHeader } from "@/components/app-header";
import { requireAdmin } from "@/lib/auth/session";

/** Header and admin sub-navigation. Each page checks the role itself too (layouts are not re-run on every navigation). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdmin();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={admin} current="admin" />
      <AdminNav />
      {children}
    </div>
  );
}
