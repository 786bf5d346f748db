// The control API the cluster specs call (e2e/cluster/helpers/cluster.ts), served by scripts/test-cluster.mjs.
import { describe, heal } from "./index.mjs";
import { inboundConnections } from "./processes.mjs";

/** The control API the tests call (e2e/cluster/helpers/cluster.ts). JSON in, JSON out. */
export function controlHandler(cluster) {
  const instance = (name) => {
    const found = cluster.instances.find((i) => i.name === name);
    if (!found) throw Object.assign(new Error(`no instance ${name}`), { status: 404 });
    return found;
  };
  /**
   * Refuses to act unless Letta is still generating a reply: a test that means to break something "mid-reply"
   * must fail loudly, not pass vacuously, if the reply ended first (a slow browser shows words seconds late).
   */
  const requireLiveRun = async (required) => {
    if (!required) return;
    const stats = await fetch(`${cluster.letta.url}/_control/stats`).then((r) => r.json()).catch(() => null);
    if (!stats?.live_runs) throw Object.assign(new Error("no run in progress in Letta: the reply ended before the test acted"), { status: 409 });
  };
  const routes = {
    "GET /state": () => describe(cluster),
    "POST /heal": () => heal(cluster),
    "POST /instance/signal": async ({ name, signal, whileRunLive }) => {
      await requireLiveRun(whileRunLive);
      const connections = inboundConnections(instance(name).port);
      if (whileRunLive && connections === 0) throw Object.assign(new Error(`instance ${name} has no request in flight`), { status: 409 });
      return { ...(await instance(name).signal(signal)), connections };
    },
    "POST /instance/start": async ({ name }) => { await instance(name).start(); return describe(cluster); },
    "GET /instance/log": ({ name }) => ({ lines: instance(name).lines }),
    "POST /postgres/stop": async ({ whileRunLive }) => { await requireLiveRun(whileRunLive); await cluster.pg.app.stop(); return { up: false }; },
    "POST /postgres/start": async () => { const t0 = Date.now(); await cluster.pg.app.start(); return { up: true, startedInMs: Date.now() - t0 }; },
    "POST /letta/kill": async ({ whileRunLive }) => { await requireLiveRun(whileRunLive); await cluster.letta.kill(); return { up: false }; },
    "POST /letta/start": async () => { const t0 = Date.now(); await cluster.letta.start(); return { up: true, startedInMs: Date.now() - t0 }; },
    "POST /proxy/reload": async () => { await cluster.nginx.reload(); return {}; },
    "GET /proxy/access-log": () => ({ text: cluster.nginx.accessLog() }),
  };
  return async (req, res) => {
    const url = new URL(req.url, "http://control");
    const route = routes[`${req.method} ${url.pathname}`];
    let body = Object.fromEntries(url.searchParams);
    try {
      if (!route) throw Object.assign(new Error(`no route ${req.method} ${url.pathname}`), { status: 404 });
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      if (chunks.length) body = { ...body, ...JSON.parse(Buffer.concat(chunks).toString("utf8")) };
      const result = await route(body);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result ?? {}));
    } catch (error) {
      res.writeHead(error.status ?? 500, { "content-type": "application/json" }).end(JSON.stringify({ error: error.message }));
    }
  };
}
