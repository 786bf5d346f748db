import { z } from "zod";
import { withAdmin } from "@/lib/api/with-admin";
import { clock } from "@/lib/clock";
import { monthUsers } from "@/lib/db/usage-admin";
import { csvLine } from "@/lib/usage/csv";
import { utcMonth } from "@/lib/usage/windows";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must look like 2026-12").optional(),
});
const PAGE = 2_000;

/**
 * GET /api/admin/usage/export?month=YYYY-MM (default: this month, UTC) — every user with use that month, most
 * tokens first, as CSV: user_id, email, name, role, messages, runs, tokens. Streamed a page at a time, so a
 * month of 100,000 users never sits in memory.
 */
export const GET = withAdmin(async ({ req }) => {
  const { month } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const first = month ? `${month}-01` : utcMonth(clock.date());
  const encoder = new TextEncoder();
  let after: { tokens: number; userId: string } | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(["user_id", "email", "name", "role", "messages", "runs", "tokens"])));
      }
      const page = await monthUsers({ month: first, limit: PAGE, after });
      controller.enqueue(encoder.encode(page.map((u) => csvLine([u.userId, u.email, u.name, u.role, u.messages, u.runs, u.tokens])).join("")));
      const last = page.at(-1);
      if (page.length < PAGE || !last) controller.close();
      else after = { tokens: last.tokens, userId: last.userId };
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="threadline-usage-${first.slice(0, 7)}.csv"`,
    },
  });
});
