import type { ServerResponse } from "node:http";
import type { Clock } from "../clock";
import type { Frame, Subscriber } from "./active-run";
import { pingFrame } from "./frames";

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** One client's SSE response. Headers go out at once (R20): the SDK's timeout only covers the wait for them. */
export class SseConnection implements Subscriber {
  lastWriteAt: number;
  private lastSeq: number | null = null;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    readonly runId: string,
    readonly includePings: boolean,
    private readonly keepalive: KeepaliveSweeper,
    onClientGone: () => void,
  ) {
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    this.lastWriteAt = Date.now();
    keepalive.add(this);
    res.on("close", () => {
      if (!this.ended) onClientGone();
      this.finish();
    });
  }

  deliver(frame: Frame): void {
    if (this.ended || (frame.ping && !this.includePings)) return;
    if (frame.seq > 0) this.lastSeq = frame.seq;
    this.res.write(frame.text);
    this.lastWriteAt = Date.now();
  }

  /** A keepalive ping carries the last seq_id this client saw (R32). */
  ping(): void {
    if (this.ended) return;
    this.res.write(pingFrame(this.runId, this.lastSeq, this.keepalive.clock.date()));
    this.lastWriteAt = Date.now();
  }

  close(): void {
    if (this.ended) return;
    this.finish();
    this.res.end();
  }

  /** Ends the TCP connection after flushing what was written, but without the chunked terminator or [DONE]. */
  cut(): void {
    if (this.ended) return;
    this.finish();
    const socket = this.res.socket;
    if (!socket) {
      this.res.destroy();
      return;
    }
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private finish(): void {
    this.ended = true;
    this.keepalive.remove(this);
  }
}

/** One timer for all open streams: pings every connection that has been quiet for the keepalive interval. */
export class KeepaliveSweeper {
  private readonly connections = new Set<SseConnection>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly clock: Clock,
    private readonly intervalMs: number,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(5, Math.floor(intervalMs / 4)));
    this.timer.unref();
  }

  add(connection: SseConnection): void {
    this.connections.add(connection);
  }

  remove(connection: SseConnection): void {
    this.connections.delete(connection);
  }

  get openCount(): number {
    return this.connections.size;
  }

  private sweep(): void {
    const quietSince = Date.now() - this.intervalMs;
    for (const connection of this.connections) {
      if (connection.includePings && connection.lastWriteAt <= quietSince) connection.ping();
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
