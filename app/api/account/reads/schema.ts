import { z } from "zod";

export const READS_PAGE_SIZE = 10;
const BIGINT_MAX = 2n ** 63n - 1n;

export const readsQuerySchema = z.object({
  cursor: z.string()
    .refine((v) => /^[1-9][0-9]{0,18}$/.test(v) && BigInt(v) <= BIGINT_MAX, "cursor must be a record id from the previous page.")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(READS_PAGE_SIZE),
});
