import type { Clock } from "./clock";
import type { ResolvedOptions } from "./config";
import type { FaultStore } from "./faults";
import type { RequestLog } from "./http/request-log";
import type { KeepaliveSweeper } from "./runs/sse-connection";
import type { HoldRegistry } from "./runs/holds";
import type { RunRegistry } from "./runs/run-registry";
import type { Pacer } from "./runs/pacer";
import type { Db } from "./store/db";

/** Everything a route or a run needs, created once per server. */
export interface App {
  db: Db;
  clock: Clock;
  options: ResolvedOptions;
  registry: RunRegistry;
  faults: FaultStore;
  keepalive: KeepaliveSweeper;
  pacer: Pacer;
  log: RequestLog;
  holds: HoldRegistry;
}
