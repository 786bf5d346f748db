import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { Logo } from "@/components/logo";
import type { SessionUser } from "@/lib/db/users";

export function AppHeader({ user, current }: { user: SessionUser; current: "chat" | "admin" }) {
  const label = user.name || user.email || "Account";
  const navLink = (href: string, text: string, active: boolean) => (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-md px-2.5 py-1.5 text-sm font-medium ${
        active ? "bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
      }`}
    >
      {text}
    </Link>
  );
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-zinc-50/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
      <div className="mx-auto flex h-14 max-w-5xl items-center gap-3 px-4">
        <Link href="/" aria-label="Threadline home">
          <Logo className="text-zinc-900 dark:text-zinc-50" />
        </Link>
        <nav aria-label="Main" className="ml-2 flex items-center gap-1">
          {navLink("/", "Chat", current === "chat")}
          {user.role === "ADMIN" ? navLink("/admin", "Admin", current === "admin") : null}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <span className="hidden max-w-48 truncate text-sm text-zinc-600 sm:inline dark:text-zinc-400" data-testid="current-user">
            {label}
          </span>
          <form action={signOutAction}>
            <button
              type="submit"
              data-testid="sign-out"
              className="rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
