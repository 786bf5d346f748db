import type { UnsupportedEndpoint } from "./unsupported";

/** Where log lines go (stderr by default; tests pass their own). */
export type LogSink = (line: string) => void;

export const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

/** Distinct unsupported endpoints remembered for "report once"; past this, new ones are still answered, just not logged. */
const MAX_REMEMBERED = 1_000;

/**
 * The request log. With request logging on, every request is one line, and a request to an endpoint letta-local does
 * not serve carries an `unsupported` tag on that same line. With it off, such a request is still logged, once per
 * endpoint (its first occurrence), so a client failing on a missing endpoint is easy to diagnose either way.
 */
export class RequestLog {
  private readonly reported = new Set<string>();

  constructor(
    private readonly everyRequest: boolean,
    readonly sink: LogSink,
  ) {}

  request(method: string, target: string, status: number, ms: number, unsupported: UnsupportedEndpoint | null): void {
    const tag = unsupported ? ` unsupported${unsupported.sdkMethod ? ` (SDK ${unsupported.sdkMethod})` : " (not in the Letta API)"}` : "";
    const line = `${method} ${target} ${status} ${ms}ms${tag}`;
    if (this.everyRequest) {
      this.sink(line);
      return;
    }
    if (!unsupported || this.reported.has(unsupported.key) || this.reported.size >= MAX_REMEMBERED) return;
    this.reported.add(unsupported.key);
    this.sink(`letta-local: ${line}`);
  }

  failure(method: string, pathname: string, error: unknown): void {
    this.sink(`letta-local: ${method} ${pathname} failed: ${(error as Error)?.stack ?? String(error)}`);
  }
}
