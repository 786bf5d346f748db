import "server-only";
import { randomBytes } from "node:crypto";
import { headers } from "next/headers";
import { createUserSession } from "@/lib/db/user-sessions";

/**
 * Starts the server-side half of a new session at sign-in (any provider) and returns its id, which Auth.js puts
 * into the session JWT as `sid`. 144 random bits: unguessable, though the cookie is encrypted anyway.
 */
export async function startUserSession({ userId, request }: { userId: string; request?: Request }): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  await createUserSession({ id, userId, userAgent: await userAgent(request) });
  return id;
}

async function userAgent(request?: Request): Promise<string | null> {
  if (request) return request.headers.get("user-agent");
  try {
    return (await headers()).get("user-agent"); // a server action's sign-in has no request object
  } catch {
    return null;
  }
}
