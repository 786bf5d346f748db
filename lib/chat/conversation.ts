import "server-only";
import { getConversationByUserId, saveConversation } from "@/lib/db/conversations";
import { withAdvisoryLock } from "@/lib/db/locks";
import { sharedAgentId } from "@/lib/letta/agent";
import { createConversation } from "@/lib/letta/conversations";
import { toAppError } from "@/lib/letta/errors";

export type UserConversation = { userId: string; lettaConversationId: string; agentId: string };

/** The user's conversation if they have one (reads never create it). */
export async function findConversation({ userId }: { userId: string }): Promise<UserConversation | null> {
  return getConversationByUserId({ userId });
}

/**
 * The user's one conversation, created on first use. Many first requests at
 * once (other tabs, other instances) serialise on a database lock, so exactly
 * one Letta conversation is created. `known` is the mapping the caller already
 * read with the user (lib/api/with-user.ts): null skips straight to creating it
 * (still re-checked under the lock); undefined reads it here.
 */
export async function getOrCreateConversation(
  { userId, known }: { userId: string; known?: UserConversation | null },
): Promise<UserConversation> {
  const existing = known === undefined ? await getConversationByUserId({ userId }) : known;
  if (existing) return existing;
  // Resolved before taking the lock: finding the agent may need a lock (and a connection) of its own.
  const agentId = await resolveAgent();
  return withAdvisoryLock(`conversation:${userId}`, async (tx) => {
    const raced = await getConversationByUserId({ userId, tx });
    if (raced) return raced;
    return createLettaConversation({ userId, agentId, tx });
  });
}

/**
 * Letta no longer knows the stored conversation (deleted upstream, or a new
 * Letta project): start a fresh one and point the user's row at it. The chat
 * route tells the user. Only replaces the id we saw, so concurrent repairs agree.
 */
export async function replaceLostConversation({ userId, lostId }: { userId: string; lostId: string }): Promise<UserConversation> {
  const agentId = await resolveAgent();
  return withAdvisoryLock(`conversation:${userId}`, async (tx) => {
    const current = await getConversationByUserId({ userId, tx });
    if (current && current.lettaConversationId !== lostId) return current;
    return createLettaConversation({ userId, agentId, tx });
  });
}

async function resolveAgent(): Promise<string> {
  try {
    return await sharedAgentId();
  } catch (error) {
    throw toAppError(error, "conversation");
  }
}

async function createLettaConversation(
  { userId, agentId, tx }: { userId: string; agentId: string; tx: Parameters<typeof saveConversation>[0]["tx"] },
) {
  const lettaConversationId = await createConversation({ agentId });
  return saveConversation({ userId, lettaConversationId, agentId, tx });
}
