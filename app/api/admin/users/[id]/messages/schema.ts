import { z } from "zod";
import { HISTORY_PAGE_SIZE } from "@/lib/chat/types";

/** The same paging as the user's own GET /api/chat/messages. */
export const adminHistoryQuerySchema = z.object({
  before: z.string().regex(/^message-[0-9a-f-]{36}$/, "before must be a message id.").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(HISTORY_PAGE_SIZE),
});
export type AdminHistoryQuery = z.infer<typeof adminHistoryQuerySchema>;
