#!/usr/bin/env node
// The floor arm's server (bench/lib/floor.mjs): a bare Node `http` server, no framework, that forwards a request to
// the upstream (letta-local) and pipes the response back unchanged, so one extra hop costs what a pipe costs.
// Started in a process group of its own, so the bench can read its CPU from /proc like the Next server's.
//   UPSTREAM=http://127.0.0.1:8283 node bench/lib/bare-pipe.mjs   → prints the port it listens on
import http from "node:http";

const upstream = new URL(process.env.UPSTREAM ?? "");
// Kept alive, as undici keeps the app's connections to Letta alive.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

const server = http.createServer((req, res) => {
  const up = http.request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, agent, headers: { "content-type": req.headers["content-type"] ?? "application/json" } },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, { "content-type": upRes.headers["content-type"] ?? "application/octet-stream", "cache-control": "no-cache" });
      upRes.pipe(res);
    },
  );
  up.on("error", () => res.destroy());
  res.on("close", () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.on("SIGTERM", () => process.exit(0));
