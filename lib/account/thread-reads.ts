import "server-only";
import { listThreadReads } from "@/lib/db/audit";

import type { ThreadReadsPage } from "./types";

/** The signed-in user's own reads (userId from the session, never from the request), newest first. */
export async function threadReadsPage({ userId, cursor, limit }: { userId: string; cursor?: string; limit: number }): Promise<ThreadReadsPage> {
  const page = await listThreadReads({ targetUserId: userId, before: cursor ? BigInt(cursor) : undefined, limit });
  return {
    reads: page.reads.map((read) => ({
      id: read.id,
      kind: read.action === "THREAD_FOLLOW" ? "followed" : "read",
      admin: read.admin,
      at: read.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
