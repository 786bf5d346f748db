import { z } from "zod";

/** Same shape as the user's own POST /api/chat/stream. */
export const adminResumeSchema = z.object({
  /** The run the viewer was following; without it, the user's reply in progress. */
  runId: z.string().regex(/^run-[0-9a-f-]{36}$/, "runId must be a run id.").optional(),
  /** The last seq_id the viewer received; 0 replays the run from its start. */
  startingAfter: z.number().int().min(0).max(10_000_000).default(0),
});
export type AdminResumeBody = z.infer<typeof adminResumeSchema>;
