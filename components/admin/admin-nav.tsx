"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/admin", label: "Users", testId: "admin-nav-users", match: (p: string) => p === "/admin" || p.startsWith("/admin/users") },
  { href: "/admin/usage", label: "Usage", testId: "admin-nav-usage", match: (p: string) => p.startsWith("/admin/usage") },
  { href: "/admin/audit", label: "Audit log", testId: "admin-nav-audit", match: (p: string) => p.startsWith("/admin/audit") },
  { href: "/admin/memory", label: "Memory", testId: "admin-nav-memory", match: (p: string) => p.startsWith("/admin/memory") },
] as const;

/** The admin console's sub-navigation, under the app header. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="border-b border-zinc-200 bg-white/60 dark:border-zinc-800 dark:bg-zinc-900/30">
      <ul className="mx-auto flex max-w-5xl gap-1 overflow-x-auto px-4">
        {TABS.map((tab) => {
          const active = tab.match(pathname);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                data-testid={tab.testId}
                aria-current={active ? "page" : undefined}
                className={`-mb-px inline-flex h-11 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors ${
                  active
                    ? "border-accent-600 text-zinc-900 dark:border-accent-500 dark:text-zinc-50"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-700 dark:hover:text-zinc-100"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
