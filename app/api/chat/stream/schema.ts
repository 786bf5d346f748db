import { z } from "zod";

export const resumeSchema = z.object({
  /** The run the browser was following; without it, the conversation's active run. */
  runId: z.string().regex(/^run-[0-9a-f-]{36}$/, "runId must be a run id.").optional(),
  /**
   * The otid of the message the browser sent, when it has not seen the run's id yet (the stream was cut before the
   * first chunk): the run is found by it, even after it finished. Masked per user before it reaches Letta.
   */
  otid: z.uuid({ error: "otid must be a UUID." }).optional(),
  /** The last seq_id the browser received; 0 replays the run from its start. */
  startingAfter: z.number().int().min(0).max(10_000_000).default(0),
});
