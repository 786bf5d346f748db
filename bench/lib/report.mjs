// Turns the raw results into the list of targets (met / missed, with the number) and a Markdown table.

const fmt = (x, unit = "") => (x === null || x === undefined || Number.isNaN(x) ? "–" : `${x}${unit}`);

/** Each target: what, the measured value, the limit, met or missed. A benchmark that did not run is "not run". */
export function evaluateTargets(r, levels, targetLevel) {
  const t = [];
  const add = (id, what, value, limit, ok) => t.push({ id, what, value, limit, status: ok === null ? "not run" : ok === "reported" ? "reported" : ok ? "met" : "missed" });
  const ttft = r.ttft_1;
  add("ttft_p50", "TTFT added at 1 stream, p50", ttft?.added_ms.p50, "≤ 2 ms", ttft ? ttft.added_ms.p50 <= 2 : null);
  add("ttft_p99", "TTFT added at 1 stream, p99", ttft?.added_ms.p99, "≤ 10 ms", ttft ? ttft.added_ms.p99 <= 10 : null);
  const turns = Object.keys(r).filter((k) => k.startsWith("ttft_")).map((k) => r[k]);
  const turnFailures = turns.reduce((n, x) => n + x.failures.proxy + x.failures.direct, 0);
  add("ttft_failures", "TTFT turns that failed (both arms, all levels)", turns.length ? turnFailures : undefined, "0", turns.length ? turnFailures === 0 : null);
  const s = r[`stream_${targetLevel}`]; // the targets are set at 1,000 streams (100 in a quick run)
  const ok = s?.proxy?.inter_chunk_ms && s?.direct?.inter_chunk_ms;
  // Gaps only mean something if the proxy really had that many streams open at once: a send path that lets
  // streams in one by one keeps gaps short by never reaching the load. So the target also needs ≥ 95% of them open.
  const reached = ok ? s.proxy.peak_open_streams >= 0.95 * s.streams : null;
  add("stream_gap_p99", `Inter-chunk delay added at ${s?.streams ?? "1,000"} streams, p99 (proxy peak open: ${s?.proxy?.peak_open_streams ?? "–"})`, s?.added_inter_chunk_ms?.p99, "≤ 25 ms, ≥ 95% open at once", ok ? reached && s.added_inter_chunk_ms.p99 <= 25 : null);
  add("stream_throughput", `Chunks/s through the proxy vs direct at ${s?.streams ?? "1,000"} streams`, s?.throughput_ratio, "≥ 0.95", ok ? s.throughput_ratio >= 0.95 : null);
  // Live bytes after a forced GC when the inspector probe ran; RSS growth (mostly uncollected garbage) otherwise.
  const memory = s?.proxy?.live_memory?.kb_per_open_stream ?? s?.proxy?.next_rss_kb_per_stream;
  const memoryHow = s?.proxy?.live_memory ? "live heap + external after GC" : "RSS growth";
  add("stream_memory", `Next server memory per open stream at ${s?.streams ?? "1,000"} streams (KB, ${memoryHow})`, memory, "≤ 64 KB", ok ? memory <= 64 : null);
  const streamRuns = levels.map((n) => r[`stream_${n}`]).filter(Boolean);
  const streamFailures = streamRuns.reduce((n, x) => n + (x.proxy?.failed ?? 0) + (x.direct?.failed ?? 0), 0);
  add("stream_failures", "Streams that failed (both arms, all levels)", streamRuns.length ? streamFailures : undefined, "0", streamRuns.length ? streamFailures === 0 : null);
  const h = r.history;
  const worstAdded = h ? Math.max(...h.sizes.map((x) => x.added_p50_ms)) : undefined;
  add("history_added", "History page added by Threadline, p50 (worst size/page)", worstAdded, "≤ 5 ms", h ? worstAdded <= 5 : null);
  const growth = h ? Math.max(h.growth_longest_vs_shortest.newest.proxy_p50_ratio, h.growth_longest_vs_shortest.middle.proxy_p50_ratio) : undefined;
  add("history_growth", `History page p50, ${h?.sizes.at(-1).messages ?? "100,000"} vs ${h?.sizes[0].messages ?? 100} messages (worst page)`, growth, "≤ 1.25× (flat)", h ? growth <= 1.25 : null);
  // The floor (issue #16): Threadline against a bare Node pipe and Next's own floor, measured in the same run.
  const f = r.floor;
  const nextFloor = r.history?.framework_floor?.added_p50_ms;
  const floorTtft = f?.ttft_1?.proxy_added_ms?.p50;
  add("floor_ttft", `TTFT added at 1 stream, p50 (floor arm), vs Next's floor (/api/health, ${nextFloor ?? "–"} ms) + 2 ms`, floorTtft,
    "≤ Next's floor + 2 ms", f && nextFloor !== undefined ? floorTtft <= nextFloor + 2 : null);
  const t100 = r[`ttft_${Object.keys(r).filter((k) => /^ttft_\d+$/.test(k) && k !== "ttft_1").map((k) => k.slice(5))[0]}`];
  add("ttft_concurrent_p50", `TTFT added at ${t100?.concurrency ?? 100} concurrent sends, p50`, t100?.added_ms.p50, "≤ 150 ms", t100 ? t100.added_ms.p50 <= 150 : null);
  // While the streams flow (the sends' own work is in the whole-arm ratio, printed in the table).
  add("floor_cpu_ratio", `Streaming CPU per 1,000 chunks while streaming, Threadline ÷ bare pipe (${f?.streaming.streams ?? "–"} streams)`, f?.streaming.cpu_ratio_streaming, "≤ 3×", f ? f.streaming.cpu_ratio_streaming <= 3 : null);
  const cost = f?.reply_cost?.proxy?.cpu_ms_per_1000_token_reply;
  add("reply_cpu_ms", "CPU ms per 1,000-token reply through Threadline (active CPU)", cost, "no target", f ? "reported" : null);
  const p = r.first_paint;
  const afterDcl = p?.first_message_after_dcl_ms?.p50;
  add("first_message_after_dcl", `First message visible after DOMContentLoaded, p50, ${p?.messages ?? 50}-message thread (ms)`, afterDcl, "≤ 50 ms", p ? afterDcl <= 50 : null);
  const js = p?.js_loaded_on_open?.gzip_kb;
  add("chat_js_kb", "Chat route JavaScript loaded on open, gzip (KB)", js, "≤ 150 KB", p ? js <= 150 : null);
  const b = r.browser;
  add("browser_dom", `DOM elements, max, ${b?.messages ?? "2,000"}-message thread + streaming`, b?.dom_elements_max, "≤ 5,000", b ? b.dom_elements_max <= 5000 : null);
  add("browser_longtask", "Longest main-thread task", b?.longest_task_ms, "≤ 50 ms", b ? b.longest_task_ms <= 50 : null);
  // Issue 16: a first start after clone + install, and a second start of the same copy (.data and .next kept).
  const st = r.startup;
  const dev = st?.dev_fresh_start_s !== undefined;
  add("dev_fresh_start", "`npm run dev` first start → sign-in answers (s)", st?.dev_fresh_start_s, "< 20 s", dev ? st.dev_fresh_start_s < 20 : null);
  add("dev_warm_start", "`npm run dev` warm start → sign-in answers (s)", st?.dev_warm_start_s, "< 8 s", dev ? st.dev_warm_start_s < 8 : null);
  return t;
}

const row = (cells) => `| ${cells.join(" | ")} |`;
const round2 = (x) => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);

/** The Markdown printed at the end of a run and written next to the JSON. */
export function markdown(result) {
  const { meta, results: r, targets } = result;
  const lines = [
    `### Threadline benchmarks — ${meta.mode} run, ${meta.started}`,
    "",
    `${meta.cpus} CPUs (${meta.cpu_model}), load average ${meta.load_before.join(" / ")} before and ${meta.load_after.join(" / ")} after; ` +
      `Node ${meta.node}; ${meta.database}; production build (\`next start\`); duration ${meta.duration_s} s.`,
    "",
    row(["Benchmark", "Figure", "Threadline", "Direct", "Added / ratio", "Samples"]),
    row(["---", "---", "---:", "---:", "---:", "---"]),
  ];
  for (const key of Object.keys(r).filter((k) => k.startsWith("ttft_"))) {
    const x = r[key];
    if (!x) continue;
    for (const p of ["p50", "p95", "p99"]) {
      lines.push(row([p === "p50" ? `TTFT, ${x.concurrency} concurrent` : "", `first token ${p} (ms)`, fmt(x.proxy_ms[p]), fmt(x.direct_ms[p]), fmt(x.added_ms[p], " ms"),
        p === "p50" ? `${x.turns_per_arm} turns/arm (+${x.warmup_turns_per_arm} warm-up), failed ${x.failures.proxy}/${x.failures.direct}` : ""]));
    }
  }
  for (const key of Object.keys(r).filter((k) => k.startsWith("stream_"))) {
    const x = r[key];
    if (!x?.proxy?.inter_chunk_ms || !x?.direct?.inter_chunk_ms) continue;
    const { proxy: p, direct: d } = x;
    const samples = `${x.streams} streams × ${x.tokens_per_reply} tokens @ ${x.token_delay_ms} ms, failed ${p.failed}/${d.failed}` +
      (p.failed ? ` (proxy failures: ${p.errors.join(", ")} after ~${p.failed_after_s?.p50} s; listen-queue overflows ${p.listen_queue_overflows})` : "");
    lines.push(row([`Streaming, ${x.streams} concurrent`, "inter-chunk p50 / p99 (ms)", `${p.inter_chunk_ms.p50} / ${p.inter_chunk_ms.p99}`, `${d.inter_chunk_ms.p50} / ${d.inter_chunk_ms.p99}`, `${x.added_inter_chunk_ms.p50} / ${x.added_inter_chunk_ms.p99} ms`, samples]));
    lines.push(row(["", "chunks/s, all streams", fmt(p.chunks_per_s), fmt(d.chunks_per_s), fmt(x.throughput_ratio, "×"), `window: ${p.window} (${p.window_s} s) / ${d.window} (${d.window_s} s)`]));
    lines.push(row(["", "chunks/s per stream, p50", fmt(p.per_stream_chunks_per_s_p50), fmt(d.per_stream_chunks_per_s_p50), fmt(round2(p.per_stream_chunks_per_s_p50 / d.per_stream_chunks_per_s_p50), "×"), `nominal ${round2(1000 / x.token_delay_ms)}`]));
    lines.push(row(["", "first chunk p50 / p99 (ms)", `${p.first_chunk_ms.p50} / ${p.first_chunk_ms.p99}`, `${d.first_chunk_ms.p50} / ${d.first_chunk_ms.p99}`, "", `arrivals spread over ${x.ramp_s} s`]));
    lines.push(row(["", "streams open at once, peak", fmt(p.peak_open_streams), fmt(d.peak_open_streams), "", ""]));
    lines.push(row(["", "CPU s per 1,000 chunks", `${fmt(p.next_cpu_s_per_1000_chunks)} (Next)`, `${fmt(d.letta_cpu_s_per_1000_chunks)} (Letta)`, "", `Next while streaming only: ${fmt(p.next_cpu_s_per_1000_chunks_streaming)}`]));
    lines.push(row(["", "load generator CPU s per 1,000 chunks; machine busy", `${fmt(p.loadgen_cpu_s_per_1000_chunks)}; ${fmt(p.machine_busy_pct, " %")}`, `${fmt(d.loadgen_cpu_s_per_1000_chunks)}; ${fmt(d.machine_busy_pct, " %")}`, "", "both cores, whole arm"]));
    lines.push(row(["", "Next RSS growth per open stream", fmt(p.next_rss_kb_per_stream, " KB"), "", "", `${p.next_rss_before_mb} → ${p.next_rss_peak_mb} MB (V8 returns memory late: mostly garbage)`]));
    const m = p.live_memory;
    if (m) lines.push(row(["", "Next live memory per open stream (after GC)", fmt(m.kb_per_open_stream, " KB"), "", "", `${m.before_mb} → ${m.at_peak_mb} MB with ${m.open_streams} open; GC pause ${m.gc_pause_ms} ms (gaps across it left out)`]));
  }
  if (r.scaleout) {
    const x = r.scaleout;
    for (const [name, a] of Object.entries(x.arms)) {
      const instances = Object.entries(a.by_instance).map(([i, v]) => `${i} ${v.n} @ ${v.proxy_p50_ms} ms`).join(", ");
      lines.push(row([name === "one" ? `Scale-out, ${x.concurrency} concurrent` : "", `${a.what}: first token p50 / p95 (ms)`, `${a.proxy_ms.p50} / ${a.proxy_ms.p95}`, `${a.direct_ms.p50} / ${a.direct_ms.p95}`,
        `${fmt(a.added_ms.p50, " ms")} / ${fmt(a.added_ms.p95, " ms")}`,
        `${x.turns_per_arm} turns/arm in ${x.rounds} rounds (+${x.warmup_turns_per_arm} warm-up), failed ${a.failures.proxy}/${a.failures.direct}; per send: Next ${a.next_cpu_ms_per_send} ms CPU (${instances}), nginx ${a.nginx_cpu_ms_per_send} ms; Letta ${a.letta_cpu_ms_per_pair}, load generator ${a.loadgen_cpu_ms_per_pair} ms per pair; machine busy ${a.machine_busy_pct} %; load ${a.load_1m.min}–${a.load_1m.max}`]));
    }
    lines.push(row(["", "added p50: nginx → one − one / new connection per send − one / scale-out gain (nginx → one − nginx → two)", "", "",
      `${fmt(x.nginx_cost_p50_ms, " ms")} / ${fmt(x.new_connection_cost_p50_ms, " ms")} / ${fmt(x.scaleout_gain_p50_ms, " ms")}`,
      `two ÷ one behind nginx: ${fmt(x.two_vs_one_added_p50_ratio, "×")}; set-up (second instance + nginx) ${x.setup_s} s; order ${x.order.join("; ")}`]));
  }
  if (r.floor) {
    const { ttft_1: t, streaming: st, reply_cost: c } = r.floor;
    const nf = r.history?.framework_floor;
    for (const q of ["p50", "p99"]) {
      lines.push(row([q === "p50" ? "Floor: TTFT, 1 stream" : "", `first token ${q} (ms): Threadline / bare pipe`, `${fmt(t.proxy_ms[q])} / ${fmt(t.pipe_ms[q])}`, fmt(t.direct_ms[q]),
        `${fmt(t.proxy_added_ms[q], " ms")} / ${fmt(t.pipe_added_ms[q], " ms")}${q === "p50" && nf ? `; Next's floor ${fmt(nf.added_p50_ms, " ms")}` : ""}`,
        q === "p50" ? `${t.turns_per_arm} turns/arm (+${t.warmup_turns_per_arm} warm-up), 3 arms rotating, raw fetch; failed ${t.failures.proxy}/${t.failures.pipe}/${t.failures.direct}` : ""]));
    }
    lines.push(row(["Floor: streaming CPU", "CPU s per 1,000 chunks: Threadline / bare pipe", `${fmt(st.proxy_cpu_s_per_1000_chunks)} / ${fmt(st.pipe_cpu_s_per_1000_chunks)}`, `${fmt(st.letta_cpu_s_per_1000_chunks)} (Letta)`, `${fmt(st.cpu_ratio, "×")} whole arm; ${fmt(st.cpu_ratio_streaming, "×")} while streaming`,
      `${st.streams} streams × ${st.tokens_per_reply} tokens @ ${st.token_delay_ms} ms; while streaming only ${fmt(st.proxy_cpu_s_per_1000_chunks_streaming)} / ${fmt(st.pipe_cpu_s_per_1000_chunks_streaming)}; machine busy ${st.machine_busy_pct.proxy} / ${st.machine_busy_pct.pipe} %; failed ${st.failed.proxy}/${st.failed.pipe}`]));
    lines.push(row(["Floor: cost per reply", "CPU ms per 1,000-token reply: Threadline / bare pipe", `${fmt(c.proxy.cpu_ms_per_1000_token_reply)} / ${fmt(c.pipe.cpu_ms_per_1000_token_reply)}`, "", "",
      `${c.proxy.replies} replies at once × ${c.reply_tokens} tokens @ ${c.token_delay_ms} ms (${fmt(c.proxy.chunks_per_reply)} chunks each); failed ${c.proxy.failed}/${c.pipe.failed}`]));
  }
  if (r.first_paint) {
    const p = r.first_paint;
    lines.push(row(["Opening a thread (Chromium)", "navigation → DOMContentLoaded / first message visible, p50 (ms)", `${fmt(p.nav_to_dcl_ms.p50)} / ${fmt(p.nav_to_first_message_visible_ms.p50)}`, "", `${fmt(p.first_message_after_dcl_ms.p50, " ms")} after DCL (p95 ${fmt(p.first_message_after_dcl_ms.p95, " ms")})`,
      `${p.messages}-message thread, ${p.loads} loads (+${p.warmup_loads} warm-up), failed ${p.failed}; history in the first HTML: ${p.history_in_first_html ? "yes" : "no"}`]));
    lines.push(row(["", "JavaScript, gzip (KB): first HTML's scripts / all loaded on open / once idle", `${fmt(p.js_first_html.gzip_kb)} / ${fmt(p.js_loaded_on_open?.gzip_kb)} / ${fmt(p.js_loaded_once_idle?.gzip_kb)}`, "", "",
      `${p.js_first_html.files} / ${p.js_loaded_on_open?.files ?? "–"} files from .next/static${p.js_loaded_on_open?.missing ? ` (${p.js_loaded_on_open.missing} not found)` : ""}`]));
  }
  if (r.history) {
    for (const x of r.history.sizes) {
      lines.push(row([x === r.history.sizes[0] ? "History page (50)" : "", `${x.messages.toLocaleString("en")} msgs, ${x.page} page p50 / p99 (ms)`,
        `${x.proxy_ms.p50} / ${x.proxy_ms.p99}`, `${x.direct_ms.p50} / ${x.direct_ms.p99}`, fmt(x.added_p50_ms, " ms"), `${x.proxy_ms.n}/arm (+${r.history.warmup_per_arm} warm-up), failed ${x.failures.proxy}/${x.failures.direct}`]));
    }
    const f = r.history.framework_floor;
    if (f) {
      lines.push(row(["Framework floor (reference)", "GET /api/health (Next, nothing else) vs bare Node, p50 / p99 (ms)", `${f.next_ms.p50} / ${f.next_ms.p99}`,
        `${f.bare_ms.p50} / ${f.bare_ms.p99}`, `${fmt(f.added_p50_ms, " ms")} (p99 ${fmt(f.added_p99_ms, " ms")})`, `${f.next_ms.n}/arm, failed ${f.failures.next}/${f.failures.bare}`]));
    }
  }
  if (r.browser) {
    const b = r.browser;
    const e = b.baseline_empty_thread;
    const time = (x) => `${x.script_s} / ${x.layout_s} / ${x.style_s}`;
    lines.push(row(["Long thread (Chromium)", "DOM elements, max", fmt(b.dom_elements_max), `${e.dom_elements_max} (empty thread)`, "", `${b.messages} msgs → ${b.rows_loaded} rows in ${b.pages_loaded} pages; ${b.reply_tokens}-token reply @ ${b.token_delay_ms} ms`]));
    lines.push(row(["", "longest task (ms): load / scroll / stream", `${b.longest_task_ms_by_phase.load} / ${b.longest_task_ms_by_phase.scroll} / ${b.longest_task_ms_by_phase.stream}`, `${e.longest_task_ms_load} / – / ${e.longest_task_ms_stream} (empty)`, "", `long tasks: ${b.long_tasks_count.scroll} scrolling, ${b.long_tasks_count.stream} streaming`]));
    lines.push(row(["", "while streaming: script / layout / style (s)", time(b.renderer_time_stream), `${time(e.renderer_time_stream)} (empty)`, "", `reply took ${b.stream_s} s / ${e.stream_s} s`]));
    lines.push(row(["", "JS heap after GC (MB)", `${b.heap_mb_after_scroll} / ${b.heap_mb_after_stream}`, `${e.heap_mb} (empty)`, "", "after scroll-back / after the reply"]));
  }
  if (r.startup) {
    const s = r.startup;
    lines.push(row(["Start-up", "`next start` → sign-in answers (s)", fmt(s.prod_cold_start_s), `${s.node_baseline_s} (bare node)`, fmt(s.prod_above_baseline_s, " s"), `median of ${s.runs}`]));
    if (s.dev_fresh_start_s !== undefined) lines.push(row(["", "`npm run dev`, fresh copy → sign-in (s)", fmt(s.dev_fresh_start_s), `${s.node_baseline_s} (bare node)`, fmt(s.dev_above_baseline_s, " s"), "1 run, no .data / .next"]));
    if (s.dev_warm_start_s !== undefined) lines.push(row(["", "`npm run dev`, same copy again → sign-in (s)", fmt(s.dev_warm_start_s), `${s.node_baseline_s} (bare node)`, fmt(round2(s.dev_warm_start_s - s.node_baseline_s), " s"), "1 run, .data / .next of the first"]));
  }
  lines.push("", row(["Target", "Value", "Limit", "Status"]), row(["---", "---:", "---", "---"]));
  for (const x of targets) lines.push(row([x.what, fmt(x.value), x.limit, x.status === "missed" ? "**missed**" : x.status]));
  if (result.errors.length) lines.push("", "Errors:", ...result.errors.map((e) => `- ${e}`));
  return lines.join("\n");
}

