// Preloaded by `npm start` (NODE_OPTIONS=--import): a deeper accept queue for `next start`.
// `next start` calls `server.listen(port, hostname)` with no backlog, so Node uses 511 and Next has no option to
// change it. When 1,000+ users press Send within seconds while the single event loop is busy, the kernel's queue
// of connections waiting for accept() overflows and those connections are reset (bench/README.md, streaming).
// With a deeper queue they wait instead. The kernel caps it at net.core.somaxconn (4096 on current Linux).
// LISTEN_BACKLOG overrides the depth.
import net from "node:net";

const backlog = Number(process.env.LISTEN_BACKLOG) || 4096;
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenWithBacklog(...args) {
  // Only the exact call `next start` makes: listen(port, hostname) (hostname undefined without -H).
  if (args.length === 2 && typeof args[0] === "number" && (typeof args[1] === "string" || args[1] === undefined)) {
    args.splice(2, 0, backlog);
  }
  return listen.apply(this, args);
};
