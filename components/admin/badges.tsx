import { en } from "@/lib/i18n/messages/en";

const BASE = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset";

/** `label`: the role's name in the reader's language (the settings page); admin pages are in English. */
export function RoleBadge({ role, label = en.shell.roles[role] }: { role: "USER" | "ADMIN"; label?: string }) {
  return role === "ADMIN" ? (
    <span data-testid="role-badge" data-role="ADMIN" className={`${BASE} bg-accent-50 text-accent-700 ring-accent-100 dark:bg-accent-700/20 dark:text-accent-100 dark:ring-accent-700/40`}>
      {label}
    </span>
  ) : (
    <span data-testid="role-badge" data-role="USER" className={`${BASE} bg-zinc-50 text-zinc-600 ring-zinc-200 dark:bg-zinc-800/60 dark:text-zinc-300 dark:ring-zinc-700`}>
      {label}
    </span>
  );
}

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <span data-testid="status-badge" data-status="disabled" className={`${BASE} bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-900/60`}>
      <span aria-hidden className="size-1.5 rounded-full bg-red-500" />
      {en.shell.status.disabled}
    </span>
  ) : (
    <span data-testid="status-badge" data-status="active" className={`${BASE} bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950/40 dark:text-emerald-300 dark:ring-emerald-900/60`}>
      <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />
      {en.shell.status.active}
    </span>
  );
}
