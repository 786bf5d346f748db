import { AppHeader } from "@/components/app-header";
import { requireUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await requireUser();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} current="chat" />
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col items-center justify-center px-4 text-center">
        <h1 className="text-2xl font-semibold" data-testid="home-heading">
          Hi {user.name || user.email}
        </h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">Your conversation with the shared agent will appear here.</p>
      </main>
    </div>
  );
}
