// Source helpers for lib/agent/config.ts: ${VAR} interpolation, YAML positions, field paths, near-miss suggestions.
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from "yaml";

export type Segment = string | number;
export type Env = Record<string, string | undefined>;

/**
 * `${VAR}` (error when unset) and `${VAR:-default}` (default when unset or empty) in string values; `$${` is a
 * literal `${`. Keys and the contents of referenced files are not interpolated.
 */
export function interpolate(value: unknown, where: Segment[], env: Env, report: (where: Segment[], message: string) => void): unknown {
  if (typeof value === "string") {
    return value.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (match, name: string, fallback: string | undefined) => {
      if (match.startsWith("$$")) return match.slice(1);
      const set = env[name];
      if (set !== undefined && set !== "") return set;
      if (fallback !== undefined) return fallback;
      report(where, `environment variable ${name} is not set (write \${${name}:-default} to give a default)`);
      return match;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, [...where, i], env, report));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...where, k], env, report)]));
  }
  return value;
}

/** Source offset of the node at `where` (or of its `key`), falling back to the nearest existing parent. */
export function offsetOf(doc: Document, where: Segment[], key?: string): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const segment of [...where, ...(key === undefined ? [] : [key])]) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const keyNode = pair.key as YamlNode;
      // A key's own position for unknown keys and missing values; the value's position otherwise.
      if (segment === key || pair.value === null) {
        offset = keyNode.range?.[0] ?? offset;
        node = pair.value;
        if (segment === key) break;
        continue;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment];
    } else break;
    offset = (node as YamlNode).range?.[0] ?? offset;
  }
  return offset;
}

export function valueAt(data: unknown, where: Segment[]): unknown {
  let current = data;
  for (const segment of where) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

export function formatPath(where: Segment[]): string {
  return where.reduce<string>((out, s) => (typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${s}` : s), "");
}


/** ` (did you mean "limit"?)` for a near miss. */
export function suggest(key: string, known: string[]): string {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  const best = known.map((k) => [k, distance(key, k)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best[0]}"?)` : "";
}

