import "server-only";
import type { ChatItem } from "@/lib/chat/types";
import { listMessagesOldestFirst } from "@/lib/letta/conversations";
import { toChatItem } from "@/lib/letta/wire";

// "Export my conversation": the whole thread as Markdown or JSON, streamed. The stream pulls ONE page of history
// from Letta each time the client is ready for more bytes (ReadableStream `pull`), so a 10,000-message thread
// needs no more memory than a page, and bytes flow from the first page on (no timeout while the rest is read).

export const EXPORT_FORMATS = ["markdown", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Messages per Letta request. */
export const EXPORT_PAGE_SIZE = 100;

export type ExportOwner = { id: string; email: string | null; name: string | null };

/** One message of the JSON export: the chat item without Letta's part otid. */
export type ExportedMessage = Omit<ChatItem, "otid">;

function exported(item: ChatItem): ExportedMessage {
  const { otid: _otid, ...rest } = item;
  return rest;
}

/** `threadline-conversation-2026-12-03.md`: the file name the download gets. */
export function exportFileName(format: ExportFormat, now: Date): string {
  return `threadline-conversation-${now.toISOString().slice(0, 10)}.${format === "json" ? "json" : "md"}`;
}

const ROLE_HEADINGS: Partial<Record<ChatItem["kind"], string>> = { user: "You", assistant: "Assistant", summary: "Summary of earlier messages" };

function markdownOf(item: ChatItem): string | null {
  const heading = ROLE_HEADINGS[item.kind];
  // Markdown is for reading: the conversation as it was shown. Reasoning and tool calls are in the JSON export.
  if (!heading || !("text" in item)) return null;
  return `### ${heading}${item.date ? ` · ${item.date}` : ""}\n\n${item.text}\n\n`;
}

function header(format: ExportFormat, owner: ExportOwner, now: Date): string {
  if (format === "json") {
    const meta = { format: "threadline-conversation-export", version: 1, exportedAt: now.toISOString(), user: { email: owner.email, name: owner.name } };
    // Opened here, closed by the footer: the messages are written between, one page at a time.
    return `${JSON.stringify(meta).slice(0, -1)},"messages":[`;
  }
  return `# Conversation export\n\n${owner.name || owner.email || "You"} · exported ${now.toISOString()}\n\n---\n\n`;
}

/**
 * The export as a byte stream. `conversationId` null (no conversation yet) or a conversation Letta no longer has:
 * an empty export, not an error. A failure after the first bytes ends the stream with an error (the download
 * fails visibly rather than looking complete).
 */
export function exportStream(
  { conversationId, format, owner, now = new Date(), pageSize = EXPORT_PAGE_SIZE }:
  { conversationId: string | null; format: ExportFormat; owner: ExportOwner; now?: Date; pageSize?: number },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  /** The page request in flight (one per page: the SDK leaves a listener on each signal it is given). */
  let inFlight: AbortController | null = null;
  let after: string | undefined;
  let started = false;
  let count = 0;
  let done = conversationId === null;

  const finish = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    controller.enqueue(encoder.encode(format === "json" ? `],"count":${count}}\n` : count === 0 ? "_No messages yet._\n" : ""));
    controller.close();
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(header(format, owner, now)));
          return;
        }
        if (done) return finish(controller);
        inFlight = new AbortController();
        const outcome = await listMessagesOldestFirst({ conversationId: conversationId!, after, limit: pageSize, signal: inFlight.signal });
        inFlight = null;
        if (outcome.kind === "lost" || outcome.oldestFirst.length === 0) return finish(controller);
        after = outcome.oldestFirst.at(-1)!.id;
        let chunk = "";
        for (const message of outcome.oldestFirst) {
          const item = toChatItem(message);
          if (!item) continue;
          if (format === "json") chunk += `${count > 0 ? "," : ""}\n${JSON.stringify(exported(item))}`;
          else chunk += markdownOf(item) ?? "";
          count += 1;
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
      },
      cancel() {
        inFlight?.abort();
        done = true;
      },
    },
    // One page in flight at a time, pulled only when the consumer has taken the previous bytes.
    { highWaterMark: 0 },
  );
}
