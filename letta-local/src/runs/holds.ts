import type { Clock } from "../clock";

/**
 * Runs a `hold` fault stops in mid-stream, for tests that must act while a reply is provably in progress (reload a
 * page, open a second tab…) and then let it finish. A hold is armed when its run starts, is `held` once the run has
 * sent `hold_at_chunk` message chunks, and ends when released through /_control, when the run is cancelled, or after
 * its timeout (so a forgotten hold cannot wedge a test run). Finished runs are forgotten.
 */
export type HoldState = "armed" | "held" | "released";

export interface HoldView {
  run_id: string;
  conversation_id: string | null;
  fault_id: string;
  hold_at_chunk: number;
  state: HoldState;
  held: boolean;
  held_since: string | null;
  /** How the hold ended: released through /_control, or timed out. */
  released_by: "control" | "timeout" | null;
}

export class Hold {
  state: HoldState = "armed";
  heldSince: Date | null = null;
  releasedBy: "control" | "timeout" | null = null;
  private wake: (() => void) | null = null;
  /** Resolves on release or timeout; a cancel wakes the waiting run separately (ActiveRun.waitFor). */
  readonly released: Promise<void>;

  constructor(
    readonly runId: string,
    readonly conversationId: string | null,
    readonly faultId: string,
    readonly atChunk: number,
    private readonly timeoutMs: number,
  ) {
    this.released = new Promise((resolve) => (this.wake = resolve));
  }

  /** Whether the run must stop before its next chunk. */
  due(chunksSent: number): boolean {
    return this.state === "armed" && chunksSent >= this.atChunk;
  }

  enter(now: Date): void {
    this.state = "held";
    this.heldSince = now;
    setTimeout(() => this.release("timeout"), this.timeoutMs).unref();
  }

  release(by: "control" | "timeout"): boolean {
    if (this.state === "released") return false;
    this.state = "released";
    this.releasedBy = by;
    this.wake?.();
    return true;
  }

  view(): HoldView {
    return {
      run_id: this.runId,
      conversation_id: this.conversationId,
      fault_id: this.faultId,
      hold_at_chunk: this.atChunk,
      state: this.state,
      held: this.state === "held",
      held_since: this.heldSince?.toISOString() ?? null,
      released_by: this.releasedBy,
    };
  }
}

export interface HoldSelector {
  runId?: string;
  conversationId?: string;
  faultId?: string;
}

export class HoldRegistry {
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly clock: Clock) {}

  arm(runId: string, conversationId: string | null, faultId: string, atChunk: number, timeoutMs: number): Hold {
    const hold = new Hold(runId, conversationId, faultId, atChunk, timeoutMs);
    this.holds.set(runId, hold);
    return hold;
  }

  enter(hold: Hold): void {
    hold.enter(this.clock.date());
  }

  get(runId: string): Hold | undefined {
    return this.holds.get(runId);
  }

  list(selector: HoldSelector = {}): Hold[] {
    return [...this.holds.values()].filter((hold) => matches(hold, selector));
  }

  /** Releases the matching holds, armed or held (an armed one then never stops its run); returns their run ids. */
  release(selector: HoldSelector): string[] {
    return this.list(selector).filter((hold) => hold.release("control")).map((hold) => hold.runId);
  }

  forget(runId: string): void {
    this.holds.get(runId)?.release("control");
    this.holds.delete(runId);
  }

  get heldCount(): number {
    return this.list().filter((hold) => hold.state === "held").length;
  }
}

function matches(hold: Hold, selector: HoldSelector): boolean {
  return (
    (selector.runId === undefined || hold.runId === selector.runId) &&
    (selector.conversationId === undefined || hold.conversationId === selector.conversationId) &&
    (selector.faultId === undefined || hold.faultId === selector.faultId)
  );
}
