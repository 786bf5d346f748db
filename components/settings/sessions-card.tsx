import { LocalTime } from "@/components/admin/local-time";
import { signOutSessionAction } from "@/lib/auth/account-actions";
import { getSession } from "@/lib/auth/session";
import { signOutEverywhereAction } from "@/lib/auth/sign-out";
import { describeUserAgent, isMobileUserAgent } from "@/lib/auth/user-agent";
import { listActiveUserSessions } from "@/lib/db/user-sessions";
import { getMessages } from "@/lib/i18n/server";
import { SubmitButton } from "./submit-button";

const CARD = "rounded-xl border border-zinc-200 bg-white p-5 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40";

function DeviceIcon({ mobile }: { mobile: boolean }) {
  return (
    <span aria-hidden className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
      <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4">
        {mobile ? (
          <><rect x="6" y="2.75" width="8" height="14.5" rx="1.75" /><path d="M9 14.75h2" strokeLinecap="round" /></>
        ) : (
          <><rect x="3.5" y="4" width="13" height="9" rx="1.5" /><path d="M2 16h16" strokeLinecap="round" /></>
        )}
      </svg>
    </span>
  );
}

/** /settings: the browsers signed in to this account, one-by-one sign-out, and "Sign out everywhere". */
export async function SessionsCard() {
  const session = await getSession();
  if (!session) return null;
  const { sessions, asOf: now } = await listActiveUserSessions({ userId: session.user.id });
  const m = (await getMessages()).settings.sessions;
  // This browser first, then the most recently active.
  sessions.sort((a, b) => Number(b.id === session.sessionId) - Number(a.id === session.sessionId));
  return (
    <section id="sessions" aria-labelledby="sessions-heading" className={`${CARD} mt-4`} data-testid="sessions-card">
      <h2 id="sessions-heading" className="text-sm font-semibold">{m.heading}</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {m.intro}
      </p>
      <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="session-list">
        {sessions.map((s) => {
          const current = s.id === session.sessionId;
          return (
            <li key={s.id} className="flex items-start gap-3 py-3" data-testid="session-row" data-current={current ? "true" : undefined}>
              <DeviceIcon mobile={isMobileUserAgent(s.userAgent)} />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm font-medium">
                  <span className="truncate">{describeUserAgent(s.userAgent, m.device)}</span>
                  {current ? (
                    <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200">
                      {m.thisBrowser}
                    </span>
                  ) : null}
                </p>
                <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                  {m.signedIn} <LocalTime iso={s.createdAt.toISOString()} format="date" />
                  {" · "}
                  {current ? m.activeNow : <>{m.lastActive} <LocalTime iso={s.lastSeenAt.toISOString()} format="relative" now={now} /></>}
                </p>
              </div>
              {current ? null : (
                <form action={signOutSessionAction}>
                  <input type="hidden" name="sessionId" value={s.id} />
                  <SubmitButton variant="ghost" className="px-2.5 py-1.5" pendingLabel={m.signingOut} data-testid="session-sign-out"
                    aria-label={m.signOutLabel(describeUserAgent(s.userAgent, m.device))}>
                    {m.signOut}
                  </SubmitButton>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      <div className="mt-2 flex flex-col gap-3 border-t border-zinc-200 pt-4 sm:flex-row sm:items-center sm:justify-between dark:border-zinc-800">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{m.everywhereIntro}</p>
        <form action={signOutEverywhereAction} className="shrink-0">
          <SubmitButton variant="secondary" className="w-full sm:w-auto" pendingLabel={m.signingOut} data-testid="sign-out-everywhere">
            {m.everywhere}
          </SubmitButton>
        </form>
      </div>
    </section>
  );
}
