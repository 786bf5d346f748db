import "server-only";
import type { Conversation } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { db } from "./client";
import type { Tx } from "./locks";

function databaseError(cause: unknown): never {
  throw new AppError("internal:database", "Database request failed", { cause });
}

export async function getConversationByUserId({ userId, tx }: { userId: string; tx?: Tx }): Promise<Conversation | null> {
  try {
    return await (tx ?? db).conversation.findUnique({ where: { userId } });
  } catch (cause) {
    databaseError(cause);
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
    databaseError(cause);
  }
}

export async function recordMessageSent({ userId }: { userId: string }): Promise<void> {
  try {
    await db.conversation.update({ where: { userId }, data: { lastMessageAt: new Date(), messageCount: { increment: 1 } } });
  } catch (cause) {
    databaseError(cause);
  }
}
