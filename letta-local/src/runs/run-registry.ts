import type { Clock } from "../clock";
import { ActiveRun } from "./active-run";

/** Letta's conversation lock TTL: a lock older than this is ignored as a safety net (R29). */
const LOCK_TTL_MS = 300_000;
/** Finished background buffers kept at most, besides the 3 h TTL, so memory stays bounded. */
const MAX_RETAINED_RUNS = 5_000;

interface Pointer {
  runId: string;
  at: number;
}

/**
 * In-memory state of runs: the per-conversation lock, live runs, finished background buffers (for resume and
 * same-otid re-attach) and the request-token/otid → run maps. The database keeps the durable run records.
 * Token and otid keys are scoped to the run's conversation (its agent when it has none), as Letta scopes them:
 * an otid another conversation used must never lead to that conversation's run.
 */
export class RunRegistry {
  private readonly live = new Map<string, ActiveRun>();
  private readonly locks = new Map<string, ActiveRun>();
  private readonly retained = new Map<string, ActiveRun>();
  private readonly byToken = new Map<string, Pointer>();
  private readonly byOtid = new Map<string, Pointer>();
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    this.sweepTimer = setInterval(() => this.evict(), 60_000);
    this.sweepTimer.unref();
  }

  /** The run holding the conversation's lock, if any. */
  lockHolder(conversationId: string): ActiveRun | undefined {
    const run = this.locks.get(conversationId);
    if (run && this.clock.now() - run.record.createdAt.getTime() > LOCK_TTL_MS) {
      this.locks.delete(conversationId);
      return undefined;
    }
    return run;
  }

  /** Must run in the same tick as the lockHolder check, so two sends can never both take the lock. */
  register(run: ActiveRun): void {
    const now = this.clock.now();
    this.live.set(run.id, run);
    if (run.record.conversationId) this.locks.set(run.record.conversationId, run);
    const scope = scopeOf(run);
    if (run.record.requestToken) this.byToken.set(scoped(scope, run.record.requestToken), { runId: run.id, at: now });
    for (const otid of run.record.otids) this.byOtid.set(scoped(scope, otid), { runId: run.id, at: now });
  }

  /** Frees the lock; a background run's buffer stays resumable until it expires. */
  release(run: ActiveRun): void {
    this.live.delete(run.id);
    const conversationId = run.record.conversationId;
    if (conversationId && this.locks.get(conversationId) === run) this.locks.delete(conversationId);
    if (run.background) {
      this.retained.set(run.id, run);
      if (this.retained.size > MAX_RETAINED_RUNS) {
        const oldest = this.retained.keys().next().value;
        if (oldest !== undefined) this.retained.delete(oldest);
      }
    }
  }

  get(runId: string): ActiveRun | undefined {
    return this.live.get(runId) ?? this.retained.get(runId);
  }

  /** The run a request token started in this conversation (or agent, for runs without a conversation). */
  runIdForToken(scope: string, token: string): string | undefined {
    return this.fresh(this.byToken, scoped(scope, token));
  }

  /** The run an otid of this conversation (or agent) belongs to. */
  runIdForOtid(scope: string, otid: string): string | undefined {
    return this.fresh(this.byOtid, scoped(scope, otid));
  }

  liveRuns(): ActiveRun[] {
    return [...this.live.values()];
  }

  liveRunsOf(conversationId: string): ActiveRun[] {
    return this.liveRuns().filter((run) => run.record.conversationId === conversationId);
  }

  private fresh(map: Map<string, Pointer>, key: string): string | undefined {
    const pointer = map.get(key);
    if (!pointer) return undefined;
    if (this.clock.now() - pointer.at > this.ttlMs) {
      map.delete(key);
      return undefined;
    }
    return pointer.runId;
  }

  private evict(): void {
    const cutoff = this.clock.now() - this.ttlMs;
    for (const [id, run] of this.retained) if (run.record.createdAt.getTime() < cutoff) this.retained.delete(id);
    for (const map of [this.byToken, this.byOtid]) for (const [key, pointer] of map) if (pointer.at < cutoff) map.delete(key);
  }

  stop(): void {
    clearInterval(this.sweepTimer);
  }
}

function scopeOf(run: ActiveRun): string {
  return run.record.conversationId ?? run.record.agentId;
}

function scoped(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}
