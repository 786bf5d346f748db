import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

const original = net.Server.prototype.listen;
let loads = 0;

/** Loads scripts/listen-backlog.mjs (what `npm start` preloads) over a spy, and returns the spy. */
async function preload(backlog = "") {
  const spy = vi.fn(function (this: net.Server) { return this; });
  net.Server.prototype.listen = spy as unknown as typeof original;
  vi.stubEnv("LISTEN_BACKLOG", backlog);
  await import(/* @vite-ignore */ `../../scripts/listen-backlog.mjs?load=${++loads}`);
  return spy;
}

describe("the listen backlog preload (npm start)", () => {
  afterEach(() => {
    net.Server.prototype.listen = original;
    vi.unstubAllEnvs();
  });

  it("gives `next start`'s listen(port, hostname) a deep accept queue", async () => {
    const spy = await preload();
    new net.Server().listen(3000, "127.0.0.1");
    new net.Server().listen(3000, undefined); // no -H
    expect(spy.mock.calls).toStrictEqual([[3000, "127.0.0.1", 4096], [3000, undefined, 4096]]);
  });

  it("takes its depth from LISTEN_BACKLOG", async () => {
    const spy = await preload("2048");
    new net.Server().listen(3000, "0.0.0.0");
    expect(spy.mock.calls).toStrictEqual([[3000, "0.0.0.0", 2048]]);
  });

  it("leaves every other form of listen() alone", async () => {
    const spy = await preload();
    const callback = () => undefined;
    new net.Server().listen(3000, "127.0.0.1", 100);
    new net.Server().listen(3000, "127.0.0.1", callback);
    new net.Server().listen({ port: 3000 });
    expect(spy.mock.calls).toStrictEqual([[3000, "127.0.0.1", 100], [3000, "127.0.0.1", callback], [{ port: 3000 }]]);
  });
});
