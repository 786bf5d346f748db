// Keyset cursors for the admin users list. Opaque to clients (base64url JSON),
// validated on the way back in, so a hand-edited cursor is a 400, not a 500.
// The keyset itself (sorts, cursor fields) belongs to the query, lib/db/admin-users.ts.
import { z } from "zod";
import { USER_SORTS, type UserCursor, type UserSort } from "@/lib/db/admin-users";

export { USER_SORTS, type UserCursor, type UserSort };

const wire = z.object({
  s: z.enum(USER_SORTS),
  p: z.enum(["active", "idle"]).optional(),
  // Within what Postgres' timestamp holds and a real account could have: a hand-made year 0000 is no cursor.
  t: z.iso.datetime().refine((t) => { const year = new Date(t).getUTCFullYear(); return year >= 1970 && year <= 9999; }),
  i: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/),
});

export function encodeUserCursor(cursor: UserCursor): string {
  const body = { s: cursor.sort, p: cursor.sort === "activity" ? cursor.phase : undefined, t: cursor.at.toISOString(), i: cursor.id };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/** The cursor, or null when it is malformed or belongs to another sort order. */
export function decodeUserCursor(raw: string, sort: UserSort): UserCursor | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = wire.safeParse(json);
  if (!parsed.success || parsed.data.s !== sort) return null;
  const { p, t, i } = parsed.data;
  if (sort === "joined") return { sort, at: new Date(t), id: i };
  return p ? { sort, phase: p, at: new Date(t), id: i } : null;
}
