// Benchmark (issue #16): opening a 50-message thread in Chromium. Per page load, from the navigation's start:
// DOMContentLoaded (Navigation Timing) and the first message visible: the first frame after a message row is in
// the document (an observer installed before the page's own scripts; with the history in the first HTML that is
// during parsing, otherwise after the browser's own history request). Target: visible ≤ 50 ms after
// DOMContentLoaded, p50. Also the JavaScript the page loads, gzip-compressed as `next start` serves it, summed
// from the build's own files in .next/static: the scripts named in the first HTML, all scripts loaded by the
// time the thread is on screen, and all the page has loaded once it is idle, untouched (chunks deferred past the
// first paint, such as the Markdown renderer, included).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { ROOT } from "../../scripts/lib/services.mjs";
import { CHROMIUM_ARGS, findChromium } from "../../scripts/lib/chromium.mjs";
import { agentOf, seedConversation } from "./seed.mjs";
import { round, summary } from "./stats.mjs";

const ROW = "[data-message-id]";

// Runs before the page's scripts: the time (since navigation start) of the first frame with a message row in it.
function watchFirstRow(selector) {
  const mark = { rowAt: null, visibleAt: null };
  window.__firstPaint = mark;
  const check = () => {
    if (mark.rowAt !== null || !document.querySelector(selector)) return false;
    mark.rowAt = performance.now();
    requestAnimationFrame(() => {
      const at = performance.now();
      mark.scripts = performance.getEntriesByType("resource").filter((e) => e.initiatorType === "script" || e.name.endsWith(".js")).map((e) => e.name);
      mark.visibleAt = at;
    });
    return true;
  };
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true });
}

/** gzip size of a file under .next/static, for a URL path /_next/static/… (null when it is not there). */
function gzipBytes(urlPath) {
  const file = path.join(ROOT, ".next", decodeURIComponent(urlPath.replace(/^\/_next\//, "")));
  if (!file.startsWith(path.join(ROOT, ".next", "static")) || !fs.existsSync(file)) return null;
  return zlib.gzipSync(fs.readFileSync(file)).length;
}

const kb = (bytes) => round(bytes / 1024, 1);

function jsSize(urls) {
  const paths = [...new Set(urls.map((u) => new URL(u, "http://x").pathname).filter((p) => p.startsWith("/_next/static/") && p.endsWith(".js")))];
  const sizes = paths.map(gzipBytes);
  return {
    files: paths.length, missing: sizes.filter((s) => s === null).length, gzip_kb: kb(sizes.reduce((a, s) => a + (s ?? 0), 0)),
    by_file: Object.fromEntries(paths.map((p, i) => [path.basename(p), sizes[i] === null ? null : kb(sizes[i])])),
  };
}

/**
 * The scripts a page's HTML names, except `nomodule` ones: Next's polyfills (~39 KB gzip) are named with `noModule`,
 * and a browser that runs modules (every one Next supports) never fetches them.
 */
function scriptsOf(html) {
  return [...html.matchAll(/<script([^>]*)>/g)]
    .filter((m) => !/\snomodule(?:[\s=>]|$)/i.test(m[1]))
    .map((m) => /\ssrc="([^"]+)"/.exec(m[1])?.[1])
    .filter(Boolean);
}

/**
 * @param o {{ baseUrl, lettaPool, lettaSchema, user, messages, loads, warmup }}
 */
export async function runFirstPaint(o) {
  const found = findChromium(undefined);
  if ("error" in found) throw new Error(found.error);
  const agentId = await agentOf(o.lettaPool, o.lettaSchema, o.user.conversationId);
  await seedConversation(o.lettaPool, o.lettaSchema, { conversationId: o.user.conversationId, agentId, count: o.messages });
  const html = await (await fetch(`${o.baseUrl}/`, { headers: { cookie: o.user.cookie } })).text();
  const inHtml = html.includes("data-message-id=");
  const htmlScripts = scriptsOf(html);
  const firstHtmlJs = jsSize(htmlScripts);
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  const dcl = [];
  const visible = [];
  const afterDcl = [];
  let failed = 0;
  const errors = [];
  let loadedJs = null;
  let settledJs = null;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = o.user.cookie.split(/=(.*)/s);
    await context.addCookies([{ name, value, url: o.baseUrl }]);
    await context.addInitScript(watchFirstRow, ROW);
    const page = await context.newPage();
    for (let k = 0; k < o.warmup + o.loads; k++) {
      try {
        await page.goto(`${o.baseUrl}/`, { waitUntil: "domcontentloaded", timeout: 30_000 });
        await page.waitForFunction(() => window.__firstPaint?.visibleAt !== null, null, { timeout: 30_000 });
        const m = await page.evaluate(() => ({
          dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
          visible: window.__firstPaint.visibleAt,
          scripts: window.__firstPaint.scripts,
        }));
        if (k < o.warmup) continue;
        dcl.push(m.dcl);
        visible.push(m.visible);
        afterDcl.push(m.visible - m.dcl);
        loadedJs ??= jsSize([...m.scripts, ...htmlScripts]);
      } catch (error) {
        if (k < o.warmup) continue;
        failed += 1;
        if (errors.length < 3) errors.push(error.message.split("\n")[0]);
      }
    }
    // Once the page has loaded and gone idle, with nobody touching it: what the chat loads without being asked
    // (chunks deferred past the first paint, such as the Markdown renderer for a server-rendered history).
    try {
      await page.waitForLoadState("networkidle", { timeout: 30_000 });
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve, { timeout: 5000 }), { timeout: 5000 })));
      await page.waitForLoadState("networkidle", { timeout: 30_000 });
      const scripts = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.initiatorType === "script" || e.name.endsWith(".js")).map((e) => e.name));
      settledJs = jsSize([...scripts, ...htmlScripts]);
    } catch (error) {
      errors.push(`settled: ${error.message.split("\n")[0]}`);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return {
    messages: o.messages, loads: o.loads, warmup_loads: o.warmup, failed, errors, history_in_first_html: inHtml,
    nav_to_dcl_ms: summary(dcl), nav_to_first_message_visible_ms: summary(visible), first_message_after_dcl_ms: summary(afterDcl),
    js_first_html: firstHtmlJs, js_loaded_on_open: loadedJs, js_loaded_once_idle: settledJs,
  };
}
