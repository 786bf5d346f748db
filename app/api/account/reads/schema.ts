import { z } from "zod";

export const READS_PAGE_SIZE = 20;

export const readsQuerySchema = z.object({
  cursor: z.string().regex(/^[1-9][0-9]{0,18}$/, "cursor must be a record id from the previous page.").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(READS_PAGE_SIZE),
});
