import { AppHeader } from "@/components/app-header";
import { Chat } from "@/components/chat/chat";
import { ChatShellProvider, ChatTools } from "@/components/chat/chat-shell";
import { getSession, requireUser } from "@/lib/auth/session";
import { initialChatHistory } from "@/lib/chat/initial-history";

export default async function HomePage() {
  const user = await requireUser();
  // The newest page comes with the HTML (no skeleton, no round trip before it); the browser then only looks for a
  // reply still being written, and re-attaches to it.
  // getSession is cached per request: requireUser has just read it, so this costs no query.
  const session = await getSession();
  const initial = await initialChatHistory({ userId: user.id, sessionId: session!.sessionId });
  const firstName = user.name?.trim().split(/\s+/)[0] || null;
  return (
    <div className="flex h-dvh flex-col">
      <ChatShellProvider>
        <AppHeader user={user} current="chat" tools={<ChatTools />} />
        <Chat userId={user.id} firstName={firstName} initial={initial} />
      </ChatShellProvider>
    </div>
  );
}
