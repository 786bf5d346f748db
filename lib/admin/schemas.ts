// Inputs shared by the admin pages and the admin API routes (both read the same query strings).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isStorableText, UNSTORABLE_TEXT } from "@/lib/validation/text";
import { USER_SORTS } from "./user-cursor";

export const USERS_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 50;

const userId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/** A user id from a URL; anything that cannot be one is simply not found. */
export function parseUserId(raw: unknown): string {
  const parsed = userId.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found:admin", "There is no user with this id.");
  return parsed.data;
}

const optionalText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine(isStorableText, UNSTORABLE_TEXT)
    .optional().transform((v) => v || undefined);

/** Audit record ids are Postgres bigints: a longer number is no record, and must not reach the database as one. */
const BIGINT_MAX = 9223372036854775807n;

export const usersQuerySchema = z.object({
  q: optionalText(100),
  sort: z.enum(USER_SORTS).catch("activity"),
  cursor: optionalText(400),
  limit: z.coerce.number().int().min(1).max(100).default(USERS_PAGE_SIZE),
});
export type UsersQuery = z.infer<typeof usersQuerySchema>;

export const auditQuerySchema = z.object({
  /** Filter: the acting admin, by user id or email. */
  admin: optionalText(254),
  /** Filter: the user the record is about, by user id or email. */
  user: optionalText(254),
  cursor: z.string().regex(/^\d{1,19}$/, "cursor must be an audit record id")
    // zod runs refinements after a failed regex too: BigInt must only ever see digits.
    .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= BIGINT_MAX, "cursor must be an audit record id").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(AUDIT_PAGE_SIZE),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Query-string values as a flat object (the first of repeated keys), for the schemas above. */
export function searchParamsObject(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const entries = params instanceof URLSearchParams
    ? [...params.entries()]
    : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  const out: Record<string, string> = {};
  for (const [key, value] of entries) if (value !== undefined && !(key in out)) out[key] = value;
  return out;
}
