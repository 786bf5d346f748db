import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { signOutAction } from "@/lib/auth/sign-out";
import { getMessages } from "@/lib/i18n/server";
import type { SessionUser } from "@/lib/db/users";

export async function AppHeader(
  { user, current, tools }: { user: SessionUser; current: "chat" | "admin" | "settings"; tools?: ReactNode },
) {
  const messages = await getMessages();
  const m = messages.shell.header;
  const label = user.name || user.email || m.account;
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
        <Link href="/" aria-label={m.home}>
          <Logo name={messages.shell.product} className="text-zinc-900 dark:text-zinc-50" />
        </Link>
        <nav aria-label={m.nav} className="ml-2 flex items-center gap-1">
          {navLink("/", m.chat, current === "chat")}
          {user.role === "ADMIN" ? navLink("/admin", m.admin, current === "admin") : null}
        </nav>
        <div className="ml-auto flex items-center gap-1 sm:gap-3">
          {tools}
          <Link
            href="/settings"
            data-testid="settings-link"
            title={m.settings}
            aria-current={current === "settings" ? "page" : undefined}
            className={`flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-200/70 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${
              current === "settings" ? "text-zinc-900 dark:text-zinc-50" : "text-zinc-600 dark:text-zinc-400"
            }`}
          >
            <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4 shrink-0">
              <circle cx="10" cy="7" r="3.25" />
              <path d="M3.75 16.5c.9-2.6 3.3-4.25 6.25-4.25s5.35 1.65 6.25 4.25" strokeLinecap="round" />
            </svg>
            <span className="hidden max-w-48 truncate sm:inline" data-testid="current-user">{label}</span>
            <span className="sr-only">
              <span className="hidden sm:inline">{m.settingsAfterName}</span>
              <span className="sm:hidden">{m.settings}</span>
            </span>
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              data-testid="sign-out"
              className="flex items-center rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 sm:px-2.5 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              {/* Phones get an icon: with the admin tab and the settings link, the words no longer fit at 375 px. */}
              <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4 sm:hidden">
                <path d="M8 4H5.5A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8M12.5 13.5 16 10l-3.5-3.5M16 10H8" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              <span className="sr-only sm:not-sr-only">{m.signOut}</span>
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
