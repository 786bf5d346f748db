// Benchmark 4: a long thread in Chromium. The user's conversation is seeded with N messages; the page is opened,
// scrolled back page by page to the start, then a long reply streams in. Measured in the page: DOM size (sampled
// every 250 ms and after every page), the longest main-thread task (PerformanceObserver 'longtask', buffered,
// installed before any page script), and the JS heap (CDP). Baseline for comparison: the same page with the
// conversation empty, so the numbers read as "what N messages add".
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, findChromium } from "../../scripts/lib/chromium.mjs";
import { agentOf, seedConversation } from "./seed.mjs";
import { round } from "./stats.mjs";


// Runs in the page before its own scripts: long tasks and the DOM high-water mark, each tagged with the phase.
function instrument() {
  const bench = { phase: "load", longtasks: [], domMax: {}, sample() {
    const n = document.getElementsByTagName("*").length;
    bench.domMax[bench.phase] = Math.max(bench.domMax[bench.phase] ?? 0, n);
    return n;
  } };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longtasks.push({ phase: bench.phase, ms: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  setInterval(() => bench.sample(), 250);
}

const SELECTOR = { list: '[data-testid="message-list"]', rows: "[data-message-id]", start: '[data-testid="conversation-start"]' };

/**
 * Rows the transcript holds. A windowed list mounts only the rows near the viewport and says how many it holds
 * in `data-row-count`; without that attribute every row is mounted, so the rows in the DOM are the count.
 */
function rowsHeld(s) {
  const list = document.querySelector("[data-row-count]");
  return list ? Number(list.getAttribute("data-row-count")) : document.querySelectorAll(s.rows).length;
}

/** Used JS heap after a forced GC (phase "gc", so the GC's own task never counts as a scroll or stream task). */
async function heapMb(cdp, page) {
  await page.evaluate(() => { window.__bench.phase = "gc"; });
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return round(usedSize / 2 ** 20, 1);
}

/** Script / layout / style time the renderer spent (cumulative, s), to say where a long task went. */
async function rendererTimes(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { script: get("ScriptDuration"), layout: get("LayoutDuration"), style: get("RecalcStyleDuration"), nodes: get("Nodes") };
}

const TRACE_CATEGORIES = [
  "devtools.timeline", "v8.execute", "disabled-by-default-devtools.timeline", "blink.user_timing",
  // BENCH_TRACE_JS=1: JavaScript samples too (which functions fill a task; `node bench/trace-tasks.mjs` lists them).
  ...(process.env.BENCH_TRACE_JS === "1" ? ["disabled-by-default-v8.cpu_profiler"] : []),
];

/**
 * With BENCH_TRACE_DIR set, the page load is also recorded as a Chromium trace (`<dir>/load-<name>.json`, open it in
 * chrome://tracing or Perfetto, or summarise its long tasks with `node bench/trace-tasks.mjs <file>`).
 */
async function openThread(context, baseUrl, name, browser) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const traceDir = process.env.BENCH_TRACE_DIR;
  if (traceDir) await browser.startTracing(page, { path: `${traceDir}/load-${name}.json`, screenshots: false, categories: TRACE_CATEGORIES });
  await page.goto(`${baseUrl}/`, { waitUntil: "load" });
  await page.waitForSelector(`${SELECTOR.rows}, [data-testid="chat-empty"]`, { timeout: 30_000 });
  if (traceDir) {
    await page.waitForLoadState("networkidle");
    await browser.stopTracing();
  }
  return { page, cdp };
}

/** Sends a message whose reply is `tokens` long (letta-local's long_reply fault) and waits until it has streamed in. */
async function streamReply(page, o, user) {
  const fault = { type: "long_reply", conversation_id: user.conversationId, tokens: o.replyTokens, token_delay_ms: o.tokenDelayMs };
  const injected = await fetch(`${o.lettaUrl}/_control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
  if (!injected.ok) throw new Error(`injecting the long reply failed: ${injected.status}`);
  await page.evaluate(() => { window.__bench.sample(); window.__bench.phase = "stream"; });
  const t0 = performance.now();
  await page.fill('[data-testid="composer-input"]', "Please write a long answer.");
  await page.click('[data-testid="send-button"]');
  const timeout = o.replyTokens * o.tokenDelayMs * 4 + 30_000;
  await page.waitForSelector('[data-streaming="true"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="send-button"]', { timeout });
  await page.waitForFunction(() => !document.querySelector('[data-streaming="true"]'), null, { timeout });
  await page.evaluate(() => window.__bench.sample());
  return (performance.now() - t0) / 1000;
}

const worstTask = (bench, phase) => round(Math.max(0, ...bench.longtasks.filter((t) => !phase || t.phase === phase).map((t) => t.ms)), 0);
const rendererDelta = (a, b) => ({ script_s: round(b.script - a.script), layout_s: round(b.layout - a.layout), style_s: round(b.style - a.style) });

/**
 * @param o {{ baseUrl, lettaUrl, lettaPool, lettaSchema, user, emptyUser, messages, replyTokens, tokenDelayMs }}
 */
export async function runBrowser(o) {
  const found = findChromium(undefined);
  if ("error" in found) throw new Error(found.error);
  const agentId = await agentOf(o.lettaPool, o.lettaSchema, o.user.conversationId);
  await seedConversation(o.lettaPool, o.lettaSchema, { conversationId: o.user.conversationId, agentId, count: o.messages });
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  try {
    const contextFor = async (user) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = user.cookie.split(/=(.*)/s);
      await context.addCookies([{ name, value, url: o.baseUrl }]);
      await context.addInitScript(instrument);
      return context;
    };
    // Baseline: the same page and the same long reply with an empty conversation, so what the N messages add
    // (DOM, long tasks, layout time) shows as a difference.
    const emptyContext = await contextFor(o.emptyUser);
    const empty = await openThread(emptyContext, o.baseUrl, "empty", browser);
    const emptyBefore = await rendererTimes(empty.cdp);
    const baseline = { dom_elements: await empty.page.evaluate(() => window.__bench.sample()), heap_mb: await heapMb(empty.cdp, empty.page) };
    baseline.stream_s = round(await streamReply(empty.page, o, o.emptyUser), 1);
    const emptyBench = await empty.page.evaluate(() => ({ longtasks: window.__bench.longtasks, domMax: window.__bench.domMax }));
    baseline.dom_elements_max = Math.max(...Object.values(emptyBench.domMax));
    baseline.longest_task_ms_load = worstTask(emptyBench, "load");
    baseline.longest_task_ms_stream = worstTask(emptyBench, "stream");
    baseline.renderer_time_stream = rendererDelta(emptyBefore, await rendererTimes(empty.cdp));
    await emptyContext.close();

    const context = await contextFor(o.user);
    const { page, cdp } = await openThread(context, o.baseUrl, `${o.messages}`, browser);
    const t0 = performance.now();
    const before = await rendererTimes(cdp);
    await page.evaluate(() => { window.__bench.sample(); window.__bench.phase = "scroll"; });
    const pages = [];
    // Bounded: one iteration per page expected, plus slack; each waits at most 15 s for the next page.
    for (let i = 0; i < Math.ceil(o.messages / 50) + 20; i++) {
      const done = await page.$(SELECTOR.start);
      if (done) break;
      const rows = await page.evaluate(rowsHeld, SELECTOR);
      await page.evaluate((s) => { document.querySelector(s).scrollTop = 0; }, SELECTOR.list);
      await page.waitForFunction(([s, n]) => {
        const list = document.querySelector("[data-row-count]"); // as rowsHeld (a page function cannot call it)
        const held = list ? Number(list.getAttribute("data-row-count")) : document.querySelectorAll(s.rows).length;
        return held > n || document.querySelector(s.start);
      }, [SELECTOR, rows], { timeout: 15_000 });
      pages.push(await page.evaluate(() => window.__bench.sample()));
    }
    if (!(await page.$(SELECTOR.start))) throw new Error("scrolling back never reached the start of the conversation");
    const scrollS = (performance.now() - t0) / 1000;
    const afterScroll = await rendererTimes(cdp);
    const rowsLoaded = await page.evaluate(rowsHeld, SELECTOR);
    const rowsMounted = await page.locator(SELECTOR.rows).count();
    const heapAfterScroll = await heapMb(cdp, page);

    // The same long reply streams into the long thread (recorded as `<dir>/stream-<N>.json` with BENCH_TRACE_DIR).
    const traceDir = process.env.BENCH_TRACE_DIR;
    if (traceDir) await browser.startTracing(page, { path: `${traceDir}/stream-${o.messages}.json`, screenshots: false, categories: TRACE_CATEGORIES });
    const streamS = await streamReply(page, o, o.user);
    if (traceDir) await browser.stopTracing();
    const afterStream = await rendererTimes(cdp);
    const heapAfterStream = await heapMb(cdp, page);
    const bench = await page.evaluate(() => ({ longtasks: window.__bench.longtasks, domMax: window.__bench.domMax }));
    await context.close();

    const worst = (phase) => (phase ? worstTask(bench, phase) : Math.max(worst("load"), worst("scroll"), worst("stream")));
    const count = (phase) => bench.longtasks.filter((t) => t.phase === phase).length;
    const delta = rendererDelta;
    return {
      messages: o.messages, rows_loaded: rowsLoaded, rows_mounted_after_scroll: rowsMounted, pages_loaded: pages.length, scroll_s: round(scrollS, 1),
      reply_tokens: o.replyTokens, token_delay_ms: o.tokenDelayMs, stream_s: round(streamS, 1),
      baseline_empty_thread: baseline,
      dom_elements_max: Math.max(...Object.values(bench.domMax)),
      dom_elements_max_by_phase: bench.domMax,
      dom_elements_per_row: round(bench.domMax.scroll / rowsLoaded, 1),
      dom_nodes_cdp_end: afterStream.nodes,
      dom_elements_after_each_page: pages,
      longest_task_ms: worst(),
      longest_task_ms_by_phase: { load: worst("load"), scroll: worst("scroll"), stream: worst("stream") },
      long_tasks_count: { load: count("load"), scroll: count("scroll"), stream: count("stream") },
      renderer_time_scroll: delta(before, afterScroll),
      renderer_time_stream: delta(afterScroll, afterStream),
      heap_mb_after_scroll: heapAfterScroll,
      heap_mb_after_stream: heapAfterStream,
    };
  } finally {
    await browser.close();
  }
}
