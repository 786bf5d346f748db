import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { createTestUser } from "../helpers/users";

const lettaId = () => `conv-${randomUUID()}`;

function uniqueViolation(error: unknown): string[] {
  expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  const known = error as Prisma.PrismaClientKnownRequestError;
  expect(known.code).toBe("P2002");
  return JSON.stringify(known.meta ?? {}).match(/userId|lettaConversationId|email/g) ?? [];
}

describe("schema constraints", () => {
  afterAll(() => db.$disconnect());

  it("allows one account per email", async () => {
    const user = await createTestUser();
    const error = await db.user.create({ data: { email: user.email } }).catch((e: unknown) => e);
    expect(uniqueViolation(error)).toContain("email");
  });

  it("gives each user at most one conversation", async () => {
    const user = await createTestUser();
    await db.conversation.create({ data: { userId: user.id, lettaConversationId: lettaId(), agentId: "agent-1" } });
    const error = await db.conversation
      .create({ data: { userId: user.id, lettaConversationId: lettaId(), agentId: "agent-1" } })
      .catch((e: unknown) => e);
    expect(uniqueViolation(error)).toContain("userId");
  });

  it("maps a Letta conversation to only one user", async () => {
    const [a, b] = await Promise.all([createTestUser(), createTestUser()]);
    const shared = lettaId();
    await db.conversation.create({ data: { userId: a.id, lettaConversationId: shared, agentId: "agent-1" } });
    const error = await db.conversation
      .create({ data: { userId: b.id, lettaConversationId: shared, agentId: "agent-1" } })
      .catch((e: unknown) => e);
    expect(uniqueViolation(error)).toContain("lettaConversationId");
  });

  it("removes a user's conversation mapping with the user", async () => {
    const user = await createTestUser();
    await db.conversation.create({ data: { userId: user.id, lettaConversationId: lettaId(), agentId: "agent-1" } });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.conversation.findUnique({ where: { userId: user.id } })).toBeNull();
  });

  it("defaults new users to the USER role, enabled", async () => {
    const user = await createTestUser();
    expect(user.role).toBe("USER");
    expect(user.disabled).toBe(false);
  });
});
