import "server-only";
import type { Conversation } from "@/generated/prisma/client";
import { db, pool } from "./client";
import { databaseError } from "./errors";
import type { Tx } from "./locks";

export async function getConversationByUserId({ userId, tx }: { userId: string; tx?: Tx }): Promise<Conversation | null> {
  try {
    return await (tx ?? db).conversation.findUnique({ where: { userId } });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Creates the user's mapping, or points it at a replacement Letta conversation. */
export async function saveConversation(
  { tx, ...input }: { userId: string; lettaConversationId: string; agentId: string; tx?: Tx },
): Promise<Conversation> {
  try {
    return await (tx ?? db).conversation.upsert({
      where: { userId: input.userId },
      create: input,
      update: { lettaConversationId: input.lettaConversationId, agentId: input.agentId },
    });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/**
 * Counts a send Letta accepted (the admin console's activity). Runs while the reply streams, on the same
 * event loop, so it skips Prisma's query pipeline: one UPDATE on the shared pool (UTC wall-clock timestamps,
 * as Prisma writes them; `updatedAt` is Prisma's @updatedAt, set here by hand).
 */
export async function recordMessageSent({ userId }: { userId: string }): Promise<void> {
  let updated: number | null;
  try {
    ({ rowCount: updated } = await pool().query(
      `UPDATE "Conversation" SET "lastMessageAt" = now() AT TIME ZONE 'UTC', "updatedAt" = now() AT TIME ZONE 'UTC',
        "messageCount" = "messageCount" + 1 WHERE "userId" = $1`,
      [userId],
    ));
  } catch (cause) {
    throw databaseError(cause);
  }
  if (updated !== 1) throw databaseError(new Error(`no conversation row for user ${userId}`));
}
