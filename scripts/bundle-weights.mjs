// What each library weighs in the browser's JavaScript, from a build with source maps:
//   BUNDLE_SOURCEMAPS=1 npx next build && node scripts/bundle-weights.mjs [chunk.js …]
// Each chunk's bytes are attributed to the source they came from (node_modules/<package>, or the app's own folder),
// and its gzip size (zlib's default level, as `next start` serves it) is shared out in proportion. Without arguments:
// every chunk in .next/static/chunks; with file names: only those (e.g. the scripts the chat's first HTML names).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { TraceMap, decodedMappings } from "@jridgewell/trace-mapping";

const DIR = path.join(process.cwd(), ".next/static/chunks");
const wanted = process.argv.slice(2).map((f) => path.basename(f));
const files = (wanted.length ? wanted : fs.readdirSync(DIR).filter((f) => f.endsWith(".js"))).map((f) => path.join(DIR, f));

/** node_modules/<pkg> (scoped too), Next's own runtime, or the app's top folder. */
function owner(source) {
  const s = source.replace(/^.*?\[project\]\//, "").replace(/^webpack:\/\/_N_E\//, "");
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s);
  if (m) return m[1];
  if (s.includes("turbopack")) return "(turbopack runtime)";
  return `app: ${s.split("/").slice(0, 2).join("/")}`;
}

const total = new Map();
for (const file of files) {
  const code = fs.readFileSync(file, "utf8");
  const gzip = zlib.gzipSync(code).length;
  // Turbopack names a chunk's map after its own hash: the comment at the end says which.
  const mapName = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  const mapFile = mapName ? path.join(path.dirname(file), mapName) : `${file}.map`;
  const byOwner = new Map();
  if (fs.existsSync(mapFile)) {
    const map = new TraceMap(fs.readFileSync(mapFile, "utf8"));
    const lines = code.split("\n");
    decodedMappings(map).forEach((segments, line) => {
      const length = lines[line]?.length ?? 0;
      segments.forEach((seg, i) => {
        const end = i + 1 < segments.length ? segments[i + 1][0] : length;
        const key = seg.length > 1 ? owner(map.sources[seg[1]] ?? "?") : "(unmapped)";
        byOwner.set(key, (byOwner.get(key) ?? 0) + Math.max(0, end - seg[0]));
      });
    });
  } else byOwner.set("(no source map)", code.length);
  const mapped = [...byOwner.values()].reduce((a, b) => a + b, 0) || 1;
  const rows = [...byOwner].sort((a, b) => b[1] - a[1]);
  console.log(`\n${path.basename(file)}: ${(code.length / 1024).toFixed(1)} KB, gzip ${(gzip / 1024).toFixed(1)} KB`);
  for (const [key, bytes] of rows.slice(0, 12)) {
    const kb = (gzip * bytes) / mapped / 1024;
    if (kb >= 0.3) console.log(`  ${kb.toFixed(1).padStart(6)} KB gzip  ${key}`);
  }
  for (const [key, bytes] of rows) total.set(key, (total.get(key) ?? 0) + (gzip * bytes) / mapped);
}
console.log("\nAll of them, gzip KB (estimated share):");
for (const [key, bytes] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(bytes / 1024).toFixed(1).padStart(6)}  ${key}`);
