import "server-only";
import { Prisma, type Role, type User } from "@/generated/prisma/client";
import { db } from "./client";
import { databaseError } from "./errors";

export type SessionUser = Pick<User, "id" | "email" | "name" | "image" | "role" | "disabled">;
const SESSION_FIELDS = { id: true, email: true, name: true, image: true, role: true, disabled: true } as const;


export async function getUserForSignIn({ email }: { email: string }) {
  try {
    return await db.user.findUnique({
      where: { email },
      select: { ...SESSION_FIELDS, passwordHash: true },
    });
  } catch (cause) {
    throw databaseError(cause);
  }
}

export async function getSessionUser({ id }: { id: string }): Promise<SessionUser | null> {
  try {
    return await db.user.findUnique({ where: { id }, select: SESSION_FIELDS });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Creates a password account; `null` when the email is taken. */
export async function createPasswordUser(input: {
  email: string; name: string | null; passwordHash: string; role: Role;
}): Promise<SessionUser | null> {
  try {
    return await db.user.create({ data: input, select: SESSION_FIELDS });
  } catch (cause) {
    if (cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === "P2002") return null;
    throw databaseError(cause);
  }
}

export async function setUserRole({ id, role }: { id: string; role: Role }): Promise<void> {
  try {
    await db.user.update({ where: { id }, data: { role } });
  } catch (cause) {
    throw databaseError(cause);
  }
}
