import "server-only";
import { z } from "zod";
import { getUserForAdmin } from "@/lib/db/admin-users";
import { recordAudit } from "@/lib/db/audit";
import { withAdvisoryLock } from "@/lib/db/locks";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { UsageLimits } from "./limits";

// An admin's per-user override of the role defaults. On the wire each limit is "default" (the role's, from
// CHAT_*), "unlimited", or a whole number >= 0 (0: none at all). Stored as NULL, -1 and the number.

const INT_MAX = 2_147_483_647;
type LimitValue = "default" | "unlimited" | number;
/** One limit: checked by hand so each mistake gets its own message ("messagesPerDay: must be 0 or more"). */
const limitValue = (max: number) =>
  z.unknown().transform((value, ctx): LimitValue => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (value === "default" || value === "unlimited") return value;
    if (typeof value !== "number" || !Number.isFinite(value)) return fail('must be "default", "unlimited" or a whole number from 0');
    if (!Number.isInteger(value)) return fail("must be a whole number");
    if (value < 0) return fail('must be 0 or more (or "unlimited")');
    if (value > max) return fail(`must be at most ${max.toLocaleString("en-US")}`);
    return value;
  });

export const budgetOverrideSchema = z.strictObject({
  messagesPerDay: limitValue(INT_MAX),
  tokensPerDay: limitValue(Number.MAX_SAFE_INTEGER),
  tokensPerMonth: limitValue(Number.MAX_SAFE_INTEGER),
}, { error: "The body must be { messagesPerDay, tokensPerDay, tokensPerMonth }, each \"default\", \"unlimited\" or a whole number." });
export type BudgetOverrideBody = z.infer<typeof budgetOverrideSchema>;
type WireValue = BudgetOverrideBody["messagesPerDay"];

const FIELDS = ["messagesPerDay", "tokensPerDay", "tokensPerMonth"] as const;
const toStored = (v: WireValue): number | null => (v === "default" ? null : v === "unlimited" ? -1 : v);
const toWire = (v: number | null | undefined): WireValue => (v === null || v === undefined ? "default" : v < 0 ? "unlimited" : v);

/** The stored override in wire form (every limit "default" when there is none). */
export function overrideToWire(override: UsageLimits | null): BudgetOverrideBody {
  return { messagesPerDay: toWire(override?.messagesPerDay), tokensPerDay: toWire(override?.tokensPerDay), tokensPerMonth: toWire(override?.tokensPerMonth) };
}

/**
 * Sets a user's override and records it in the audit log (USER_BUDGET, before and after), in one transaction under
 * a per-user lock, so two admins changing it at once each record what they really replaced. Effective at the
 * user's next send (the gate reads it every time). All three "default" removes the override.
 */
export async function setBudgetOverride(
  { admin, targetId, body }: { admin: SessionUser; targetId: string; body: BudgetOverrideBody },
): Promise<BudgetOverrideBody> {
  return withAdvisoryLock(`usage-budget:${targetId}`, async (tx) => {
    const target = await getUserForAdmin({ id: targetId, tx });
    if (!target) throw new AppError("not_found:admin", "There is no user with this id.");
    const current = await tx.usageBudget.findUnique({ where: { userId: targetId } });
    const before = overrideToWire(current && {
      messagesPerDay: current.messagesPerDay, tokensPerDay: current.tokensPerDay === null ? null : Number(current.tokensPerDay),
      tokensPerMonth: current.tokensPerMonth === null ? null : Number(current.tokensPerMonth),
    });
    if (FIELDS.every((f) => before[f] === body[f])) return before; // nothing changes, nothing to record
    if (FIELDS.every((f) => body[f] === "default")) {
      await tx.usageBudget.delete({ where: { userId: targetId } });
    } else {
      const data = {
        messagesPerDay: toStored(body.messagesPerDay),
        tokensPerDay: toStored(body.tokensPerDay) === null ? null : BigInt(toStored(body.tokensPerDay)!),
        tokensPerMonth: toStored(body.tokensPerMonth) === null ? null : BigInt(toStored(body.tokensPerMonth)!),
        updatedById: admin.id,
      };
      await tx.usageBudget.upsert({ where: { userId: targetId }, create: { userId: targetId, ...data }, update: data });
    }
    await recordAudit({
      tx, admin: { id: admin.id, email: admin.email }, target: { id: target.id, email: target.email },
      action: "USER_BUDGET", details: { before, after: body },
    });
    return body;
  });
}
