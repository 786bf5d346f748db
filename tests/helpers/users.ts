import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";

/** A throwaway user with a unique email, so test files can share one database. */
export async function createTestUser(overrides: { role?: "USER" | "ADMIN"; disabled?: boolean; name?: string } = {}) {
  const tag = randomUUID().slice(0, 8);
  return db.user.create({
    data: { email: `test-${tag}@example.com`, name: overrides.name ?? `Test ${tag}`, role: overrides.role, disabled: overrides.disabled },
  });
}
