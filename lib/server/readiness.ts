import "server-only";
import { pingDatabase } from "@/lib/db/ping";
import { pingLetta } from "@/lib/letta/client";
import { isDraining } from "./shutdown";

export type Check = { ok: boolean; ms: number };
export type Readiness = { ready: boolean; draining: boolean; checks: { database: Check; letta: Check } };

const TIMEOUT_MS = 2_000;

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const startedAt = Date.now();
  try {
    await probe();
    return { ok: true, ms: Date.now() - startedAt };
  } catch {
    return { ok: false, ms: Date.now() - startedAt };
  }
}

/**
 * Whether this instance can serve chat right now: Postgres answers, Letta answers, and the instance is not
 * shutting down. Both probes run at once, each bounded, so a dead dependency costs a probe at most 2 s.
 * The causes are not reported (the route is public); the instance logs nothing per probe either.
 */
export async function checkReadiness(): Promise<Readiness> {
  const [database, lettaCheck] = await Promise.all([
    timed(() => pingDatabase({ timeoutMs: TIMEOUT_MS })),
    timed(() => pingLetta({ timeoutMs: TIMEOUT_MS })),
  ]);
  const draining = isDraining();
  return { ready: database.ok && lettaCheck.ok && !draining, draining, checks: { database, letta: lettaCheck } };
}
