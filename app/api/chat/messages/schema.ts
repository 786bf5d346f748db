import { z } from "zod";
import { HISTORY_PAGE_SIZE, MESSAGE_MAX_CHARS } from "@/lib/chat/types";
import { isStorableText, UNSTORABLE_TEXT } from "@/lib/validation/text";

export const postMessageSchema = z.object({
  text: z
    .string({ error: "Write a message first." })
    .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS.toLocaleString("en")} characters.`)
    .refine((text) => text.trim().length > 0, "Write a message first.")
    .refine(isStorableText, `Your message ${UNSTORABLE_TEXT}`),
  /** The client's id for this message: a retry with the same otid re-attaches instead of sending twice. */
  otid: z.uuid({ error: "otid must be a UUID." }),
});
export type PostMessageBody = z.infer<typeof postMessageSchema>;

export const historyQuerySchema = z.object({
  before: z.string().regex(/^message-[0-9a-f-]{36}$/, "before must be a message id.").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(HISTORY_PAGE_SIZE),
});
