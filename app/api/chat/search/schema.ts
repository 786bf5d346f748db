import { z } from "zod";
import { SEARCH_QUERY_MAX_CHARS, SEARCH_RESULTS_MAX } from "@/lib/chat/types";
import { SEARCH_CURSOR_PATTERN } from "@/lib/chat/search-cursor";
import { isStorableText, UNSTORABLE_TEXT } from "@/lib/validation/text";

/** GET /api/chat/search?q=…&limit=…&before=…: unknown parameters are refused, not ignored. */
export const searchQuerySchema = z.strictObject(
  {
    q: z
      .string({ error: "q is required: the words to find." })
      .max(SEARCH_QUERY_MAX_CHARS, `q can be at most ${SEARCH_QUERY_MAX_CHARS} characters.`)
      .refine((q) => q.trim().length > 0, "q is required: the words to find.")
      .refine(isStorableText, `q ${UNSTORABLE_TEXT}`),
    limit: z.coerce
      .number({ error: "limit must be a number." })
      .int("limit must be a whole number.")
      .min(1, "limit must be at least 1.")
      .max(SEARCH_RESULTS_MAX, `limit can be at most ${SEARCH_RESULTS_MAX}.`)
      .default(20),
    // A continuation (the last result's nextCursor). Hostile like every id: its shape here, its signature in the
    // route (lib/chat/search-cursor.ts).
    before: z.string().regex(SEARCH_CURSOR_PATTERN, "before must be the nextCursor of an earlier search.").optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown parameter: ${issue.keys.join(", ")}.` : undefined) },
);
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** The query string as one value per name: a repeated name is refused (which one would count?). */
export function singleValued(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in out) throw new z.ZodError([{ code: "custom", path: [name], message: "must be given once.", input: value }]);
    out[name] = value;
  }
  return out;
}
