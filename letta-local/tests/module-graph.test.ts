import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// letta-local/src is a standalone server: its own modules, node builtins and its npm deps, and no import cycles
// (a cycle makes module initialisation order-dependent: a value read during import can still be undefined).
const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const ALLOWED_PACKAGES = new Set(["pg"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** Every specifier a file imports or re-exports, type-only imports included. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"/gm), ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? "");
}

const files = sourceFiles(SRC);
const graph = new Map(
  files.map((file) => [file, specifiers(file).filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s.endsWith(".ts") ? s : `${s}.ts`))]),
);

describe("letta-local/src module graph", () => {
  it("imports only its own modules, node builtins and pg", () => {
    const outside = files.flatMap((file) =>
      specifiers(file)
        .filter((s) => (s.startsWith(".") ? !resolve(dirname(file), s).startsWith(SRC) : !(s.startsWith("node:") || builtinModules.includes(s) || ALLOWED_PACKAGES.has(s))))
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    expect(outside).toEqual([]);
  });

  it("has no import cycle (type-only imports included)", () => {
    const cycles: string[] = [];
    const done = new Set<string>();
    const stack: string[] = [];
    const visit = (file: string) => {
      const at = stack.indexOf(file);
      if (at >= 0) {
        cycles.push([...stack.slice(at), file].map((f) => relative(SRC, f)).join(" -> "));
        return;
      }
      if (done.has(file)) return;
      stack.push(file);
      for (const dep of graph.get(file) ?? []) visit(dep);
      stack.pop();
      done.add(file);
    };
    for (const file of files) visit(file);
    expect(files.length).toBeGreaterThan(40);
    expect(cycles).toEqual([]);
  });
});
