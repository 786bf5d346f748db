// Benchmark 3: one page of history (50 messages) through Threadline (GET /api/chat/messages, signed in) versus
// straight from the upstream (GET /v1/conversations/{id}/messages, the call lib/chat/history.ts makes), for a
// short and a very long conversation, at the newest page and at a page from the middle.
import http from "node:http";
import { seedConversation, agentOf } from "./seed.mjs";
import { round, summary } from "./stats.mjs";

const PAGE = 50;

/** Fetches and fully reads one page; throws unless it is a non-empty page (an error page is not a fast page). */
async function timed(url, headers, check) {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  const ms = performance.now() - t0;
  if (!response.ok) throw new Error(`HTTP ${response.status} ${body.slice(0, 200)}`);
  const count = check(JSON.parse(body));
  if (!count) throw new Error("empty page");
  return ms;
}

/**
 * @param o {{ baseUrl, lettaUrl, lettaPool, lettaSchema, users: object[] (one per size), sizes: number[], samples, warmup }}
 * All sizes are seeded first, then measured in one interleaved loop (every iteration visits every size and page
 * in turn, arms alternating), so machine-load drift cannot pass for growth with length.
 * samples + warmup per page kind stay under the route's 240 requests/min per user.
 */
export async function runHistory(o) {
  const out = { page_size: PAGE, sizes: [], seed_s: {} };
  const cases = [];
  for (const [i, size] of o.sizes.entries()) {
    const user = o.users[i];
    const t0 = performance.now();
    const agentId = await agentOf(o.lettaPool, o.lettaSchema, user.conversationId);
    // The cursor for a page from the middle: the message just after it, so the page ends at size / 2.
    const [middle] = await seedConversation(o.lettaPool, o.lettaSchema, {
      conversationId: user.conversationId, agentId, count: size, cursorPositions: [Math.floor(size / 2) + 1],
    });
    out.seed_s[size] = round((performance.now() - t0) / 1000, 1);
    for (const [kind, cursor] of [["newest", null], ["middle", middle]]) {
      const proxyUrl = `${o.baseUrl}/api/chat/messages?limit=${PAGE}${cursor ? `&before=${cursor}` : ""}`;
      // desc + after = older than the cursor: what lib/chat/history.ts detects and uses against letta-local.
      const directUrl = `${o.lettaUrl}/v1/conversations/${user.conversationId}/messages?order=desc&limit=${PAGE}${cursor ? `&after=${cursor}` : ""}`;
      cases.push({
        size, kind, times: { proxy: [], direct: [] }, failures: { proxy: 0, direct: 0 }, errors: [],
        proxy: () => timed(proxyUrl, { cookie: user.cookie }, (page) => page.items?.length),
        direct: () => timed(directUrl, {}, (page) => page.length),
      });
    }
  }
  for (let k = 0; k < o.warmup + o.samples; k++) {
    for (const c of cases) {
      for (const arm of k % 2 ? ["direct", "proxy"] : ["proxy", "direct"]) {
        try {
          const ms = await c[arm]();
          if (k >= o.warmup) c.times[arm].push(ms);
        } catch (error) {
          if (k < o.warmup) continue;
          c.failures[arm] += 1;
          if (c.errors.length < 3) c.errors.push(`${arm}: ${error.message}`);
        }
      }
    }
  }
  for (const c of cases) {
    const proxy = summary(c.times.proxy);
    const direct = summary(c.times.direct);
    out.sizes.push({ messages: c.size, page: c.kind, proxy_ms: proxy, direct_ms: direct, added_p50_ms: round(proxy.p50 - direct.p50), failures: c.failures, errors: c.errors });
  }
  // "Does not grow with length": each page kind at the longest conversation against the shortest.
  const growth = {};
  for (const kind of ["newest", "middle"]) {
    const rows = out.sizes.filter((r) => r.page === kind);
    const [short, long] = [rows[0], rows.at(-1)];
    growth[kind] = { proxy_p50_ratio: round(long.proxy_ms.p50 / short.proxy_ms.p50), direct_p50_ratio: round(long.direct_ms.p50 / short.direct_ms.p50) };
  }
  out.growth_longest_vs_shortest = growth;
  out.framework_floor = await frameworkFloor(o);
  out.samples_per_arm = o.samples;
  out.warmup_per_arm = o.warmup;
  return out;
}

/**
 * A reference, not a target: what any Next route handler costs. GET /api/health (no session, no database, no
 * Letta) against a bare Node HTTP server answering the same JSON, requests alternating. Threadline's own added
 * time is the history figure minus this.
 */
async function frameworkFloor(o) {
  const bare = http.createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end('{"ok":true}');
  });
  await new Promise((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${bare.address().port}/`;
  const times = { next: [], bare: [] };
  const failures = { next: 0, bare: 0 };
  try {
    for (let k = 0; k < o.warmup + o.samples * 2; k++) {
      for (const arm of k % 2 ? ["bare", "next"] : ["next", "bare"]) {
        try {
          const ms = await timed(arm === "next" ? `${o.baseUrl}/api/health` : bareUrl, {}, (body) => body.ok);
          if (k >= o.warmup) times[arm].push(ms);
        } catch {
          if (k >= o.warmup) failures[arm] += 1;
        }
      }
    }
  } finally {
    bare.close();
  }
  const next = summary(times.next);
  const bareSummary = summary(times.bare);
  return { next_ms: next, bare_ms: bareSummary, added_p50_ms: round(next.p50 - bareSummary.p50), added_p99_ms: round(next.p99 - bareSummary.p99), failures };
}
