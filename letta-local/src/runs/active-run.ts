import type { RunRecord } from "../store/runs";
import type { SeqFrame } from "./frames";

export interface Frame {
  text: string;
  /** seq_id for numbered (background) chunks, else 0. */
  seq: number;
  /** For unnumbered frames: the seq of the numbered frame before it, so replays know whether it was seen. */
  after: number;
  ping: boolean;
}

export interface Subscriber {
  deliver(frame: Frame): void;
  /** The run ended normally: flush and end the response. */
  close(): void;
  /** The stream-cut fault: drop the connection without [DONE]. */
  cut(): void;
}

/**
 * A run in flight (or a finished background run kept for resumes). Background runs buffer every frame with a
 * per-run seq_id starting at 1 (R32); foreground runs only fan out to their one connection.
 */
export class ActiveRun {
  readonly frames: Frame[] = [];
  private lastSeq = 0;
  private readonly subscribers = new Set<Subscriber>();
  private readonly wakers = new Set<() => void>();
  done = false;
  cancelRequested = false;
  /** Set when the server shuts down mid-run: the run stops without touching the database (next boot fails it). */
  abandoned = false;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    readonly record: RunRecord,
    readonly startedAtMs: number,
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get id(): string {
    return this.record.id;
  }

  get background(): boolean {
    return this.record.background;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  emit(build: SeqFrame, payloadJson: string, ping = false): void {
    const seq = this.background ? ++this.lastSeq : 0;
    this.push({ text: build(seq || null, payloadJson), seq, after: seq, ping });
  }

  /** Unnumbered frames: stop_reason, usage_statistics, the error event and [DONE] never carry a seq_id. */
  emitRaw(text: string): void {
    this.push({ text, seq: 0, after: this.lastSeq, ping: false });
  }

  private push(frame: Frame): void {
    if (this.background) this.frames.push(frame);
    for (const subscriber of this.subscribers) subscriber.deliver(frame);
  }

  /** Replays buffered frames after `startingAfter`, then follows the live run (or closes if it is over). */
  attach(subscriber: Subscriber, startingAfter: number): void {
    const threshold = Math.min(startingAfter, this.lastSeq);
    for (const frame of this.frames) {
      if (frame.seq > 0 ? frame.seq > startingAfter : frame.after >= threshold) subscriber.deliver(frame);
    }
    if (this.done) subscriber.close();
    else this.subscribers.add(subscriber);
  }

  detach(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** Ends every open stream after the terminal frames were pushed. */
  close(): void {
    this.done = true;
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
    this.resolveFinished();
  }

  cutConnections(): void {
    for (const subscriber of this.subscribers) subscriber.cut();
    this.subscribers.clear();
  }

  abandon(): void {
    this.abandoned = true;
    this.cutConnections();
    this.requestCancel();
  }

  /** Resolves `finished` without terminal frames (used only by abandon). */
  markGone(): void {
    this.done = true;
    this.resolveFinished();
  }

  requestCancel(): void {
    this.cancelRequested = true;
    for (const wake of this.wakers) wake();
  }

  /** Waits for `until` (a hold's release); a cancel cuts it short, like sleep. */
  waitFor(until: Promise<void>): Promise<void> {
    if (this.cancelRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.wakers.delete(wake);
        resolve();
      };
      this.wakers.add(wake);
      void until.then(wake);
    });
  }

  /** A wait that a cancel cuts short. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.cancelRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
