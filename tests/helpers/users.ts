import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";

/** The server-side session every test user starts with (what sign-in would create): its id is derived from the user's. */
export const testSessionId = (userId: string) => `sess-${userId}`;

/** A throwaway user with a unique email, so test files can share one database, signed in once (testSessionId). */
export async function createTestUser(overrides: { role?: "USER" | "ADMIN"; disabled?: boolean; name?: string } = {}) {
  const tag = randomUUID().slice(0, 8);
  const user = await db.user.create({
    data: { email: `test-${tag}@example.com`, name: overrides.name ?? `Test ${tag}`, role: overrides.role, disabled: overrides.disabled },
  });
  await db.userSession.create({ data: { id: testSessionId(user.id), userId: user.id } });
  return user;
}
