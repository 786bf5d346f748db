/**
 * Token pacing with one timer per delay value for the whole server: every run waiting for the next token with the
 * same delay joins the pending batch and they all wake together. 2,000 streams cost one timer, not 2,000.
 */
export class Pacer {
  private readonly batches = new Map<number, (() => void)[]>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    let batch = this.batches.get(ms);
    if (!batch) {
      const waiters: (() => void)[] = [];
      batch = waiters;
      this.batches.set(ms, waiters);
      setTimeout(() => {
        this.batches.delete(ms);
        for (const wake of waiters) wake();
      }, ms);
    }
    const waiters = batch;
    return new Promise((resolve) => waiters.push(resolve));
  }
}
