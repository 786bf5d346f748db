import "server-only";
import type { Conversation } from "@/generated/prisma/client";
import { db } from "./client";
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

