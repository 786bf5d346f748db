// The Next server's live memory, through its inspector (the bench starts it with --inspect on 127.0.0.1):
// RSS alone cannot say what an open stream costs, because V8 grows its heap lazily and returns it late, so RSS
// mostly shows garbage not yet collected. A forced GC followed by process.memoryUsage() gives the live bytes.
// Needs a WebSocket client: global in Node 22+, behind --experimental-websocket in Node 20 (bench/run.mjs adds it).

export async function connectInspector(port) {
  if (typeof WebSocket === "undefined") return null;
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`could not connect to the Next server's inspector on port ${port}`));
  });
  let lastId = 0;
  const pending = new Map();
  let chunkHandler = null;
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.method === "HeapProfiler.addHeapSnapshotChunk") chunkHandler?.(message.params.chunk);
    const settle = pending.get(message.id);
    if (!settle) return;
    pending.delete(message.id);
    settle(message);
  };
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = ++lastId;
    const timer = setTimeout(() => { pending.delete(id); reject(new Error(`inspector ${method} timed out`)); }, 180_000);
    pending.set(id, (message) => {
      clearTimeout(timer);
      if (message.error) reject(new Error(`inspector ${method}: ${message.error.message}`));
      else resolve(message.result);
    });
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send("HeapProfiler.enable");
  return {
    send,
    /** Receives heap snapshot chunks (bench/lib/heap.mjs); null stops. */
    onSnapshotChunk(handler) {
      chunkHandler = handler;
    },
    /** Live bytes after a full GC: JS heap + memory outside it (Buffers, ArrayBuffers, native objects). */
    async liveBytes() {
      const t0 = performance.now();
      await send("HeapProfiler.collectGarbage");
      const { result } = await send("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
      const m = JSON.parse(result.value);
      return { live: m.heapUsed + m.external, heapUsed: m.heapUsed, external: m.external, rss: m.rss, gcMs: performance.now() - t0 };
    },
    close() {
      ws.close();
    },
  };
}
