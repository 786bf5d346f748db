import Link from "next/link";
import type { ConversationFacts } from "@/lib/admin/conversation-facts";
import type { AdminUserDetail } from "@/lib/db/admin-users";
import { RoleBadge, StatusBadge } from "./badges";
import { LocalTime } from "./local-time";
import { UserAvatar } from "./user-avatar";

const CARD = "rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40";

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1.5">
      <dt className="shrink-0 text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-right text-zinc-900 dark:text-zinc-100" data-testid={testId}>{children}</dd>
    </div>
  );
}

const unavailable = <span className="text-zinc-500 dark:text-zinc-400" title="Letta did not answer">Unavailable</span>;

/** Who the user is: name, email, role, status, dates. */
export function UserSummary({ user, asOf, className = "" }: { user: AdminUserDetail; asOf: number; className?: string }) {
  const name = user.name?.trim() || user.email || user.id;
  return (
    <section aria-labelledby="user-name" className={`${CARD} ${className}`}>
      <div className="flex items-start gap-3">
        <UserAvatar id={user.id} label={name} size="lg" />
        <div className="min-w-0 flex-1">
          <h1 id="user-name" className="truncate text-lg font-semibold" data-testid="user-name">{name}</h1>
          {user.email && user.email !== name ? (
            <p className="truncate text-sm text-zinc-500 dark:text-zinc-400" data-testid="user-email">{user.email}</p>
          ) : null}
          <div className="mt-2 flex flex-wrap gap-1.5">
            <RoleBadge role={user.role} />
            <StatusBadge disabled={user.disabled} />
          </div>
        </div>
      </div>
      <dl className="mt-4 divide-y divide-zinc-100 border-t border-zinc-100 pt-1 text-sm dark:divide-zinc-800 dark:border-zinc-800">
        <Fact label="Joined"><LocalTime iso={user.createdAt.toISOString()} format="date" /></Fact>
        <Fact label="Last message">
          {user.lastMessageAt ? <LocalTime iso={user.lastMessageAt.toISOString()} format="relative" now={asOf} /> : "Never"}
        </Fact>
        <Fact label="User id"><code className="font-mono text-xs break-all">{user.id}</code></Fact>
      </dl>
    </section>
  );
}

/** Their conversation: our mapping and counts, plus Letta's context window count. */
export function ConversationSummary({ user, facts, className = "" }: { user: AdminUserDetail; facts: ConversationFacts | null; className?: string }) {
  const conversation = user.conversation;
  return (
    <section aria-labelledby="conversation-facts" className={`${CARD} ${className}`} data-testid="conversation-facts">
      <h2 id="conversation-facts" className="text-sm font-semibold">Conversation details</h2>
      {conversation ? (
        <dl className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          <Fact label="Letta id" testId="fact-letta-id">
            <code className="font-mono text-xs break-all select-all">{conversation.lettaConversationId}</code>
          </Fact>
          <Fact label="Created"><LocalTime iso={conversation.createdAt.toISOString()} format="datetime" /></Fact>
          <Fact label="Messages sent" testId="fact-message-count">{conversation.messageCount.toLocaleString("en")}</Fact>
          <Fact label="In context" testId="fact-in-context">
            {facts?.inContextMessages != null ? `${facts.inContextMessages.toLocaleString("en")} messages` : unavailable}
          </Fact>
        </dl>
      ) : (
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-conversation">
          No conversation yet: it is created the first time they open the chat.
        </p>
      )}
      <Link
        href={`/admin/audit?user=${encodeURIComponent(user.id)}`}
        data-testid="user-audit-link"
        className="mt-3 inline-block text-sm font-medium text-accent-600 hover:underline dark:text-accent-100"
      >
        Audit log for this user →
      </Link>
    </section>
  );
}
