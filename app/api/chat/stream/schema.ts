import { z } from "zod";

export const resumeSchema = z.object({
  /** The run the browser was following; without it, the conversation's active run. */
  runId: z.string().regex(/^run-[0-9a-f-]{36}$/, "runId must be a run id.").optional(),
  /** The last seq_id the browser received; 0 replays the run from its start. */
  startingAfter: z.number().int().min(0).max(10_000_000).default(0),
});
