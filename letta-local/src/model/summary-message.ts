/**
 * How Letta stores a compaction summary (letta/system.py `package_summarize_message_no_counts`): a JSON
 * "system_alert" whose message starts with a fixed note. The message list shows that stored text verbatim as a
 * `user_message` (Letta's default `convert_summary_to_user`), so this prefix is how a client recognises it.
 */
export const SUMMARY_NOTE = "Note: prior messages have been hidden from view due to conversation memory constraints.";
const SUMMARY_LEAD = `${SUMMARY_NOTE}\nThe following is a summary of the previous messages:\n `;

/** SummaryMessage.compaction_stats (SDK 1.12.1). */
export interface CompactionStats {
  trigger: string;
  context_tokens_before: number | null;
  context_tokens_after: number | null;
  context_window: number;
  messages_count_before: number;
  messages_count_after: number;
}

/** Python's json.dumps layout (`", "` and `": "`, non-ASCII kept), so the stored text reads like Letta's byte for byte. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(", ")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Letta's `get_local_time` for UTC: `2026-11-22 07:52:04 AM UTC+0000`. */
function lettaLocalTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const hours = date.getUTCHours();
  const clock = `${pad(hours % 12 === 0 ? 12 : hours % 12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"}`;
  return `${date.toISOString().slice(0, 10)} ${clock} UTC+0000`;
}

export function packSummary(summary: string, stats: CompactionStats | null, at: Date): string {
  const packed: Record<string, unknown> = { type: "system_alert", message: `${SUMMARY_LEAD}${summary}`, time: lettaLocalTime(at) };
  if (stats) packed.compaction_stats = stats;
  return pythonJson(packed);
}

/** The summary text and stats inside a stored summary (older rows hold plain text, which is returned as is). */
export function unpackSummary(stored: string): { summary: string; stats: CompactionStats | null } {
  try {
    const packed = JSON.parse(stored) as { message?: unknown; compaction_stats?: CompactionStats };
    if (typeof packed.message === "string") {
      const summary = packed.message.startsWith(SUMMARY_LEAD) ? packed.message.slice(SUMMARY_LEAD.length) : packed.message;
      return { summary, stats: packed.compaction_stats ?? null };
    }
  } catch {
    // Not packed: a summary stored before letta-local packed them.
  }
  return { summary: stored, stats: null };
}
