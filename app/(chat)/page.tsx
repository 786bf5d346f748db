import { AppHeader } from "@/components/app-header";
import { Chat } from "@/components/chat/chat";
import { ChatShellProvider, ChatTools } from "@/components/chat/chat-shell";
import { requireUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await requireUser();
  // The history loads in the browser, which also re-attaches to a reply still being written.
  const firstName = user.name?.trim().split(/\s+/)[0] || null;
  return (
    <div className="flex h-dvh flex-col">
      <ChatShellProvider>
        <AppHeader user={user} current="chat" tools={<ChatTools />} />
        <Chat userId={user.id} firstName={firstName} />
      </ChatShellProvider>
    </div>
  );
}
