// The string catalogue (lib/i18n): complete (every entry a non-empty string, or a function that makes one),
// a pseudo-locale built from it has the same shape, and the locale follows Accept-Language.
import { describe, expect, it } from "vitest";
import { LANGUAGES, messagesFor, resolveLocale } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";

type Leaf = { path: string; value: unknown };

function leaves(node: unknown, path = ""): Leaf[] {
  if (typeof node === "string" || typeof node === "function") return [{ path, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => leaves(item, `${path}[${i}]`));
  if (node && typeof node === "object") return Object.entries(node).flatMap(([key, value]) => leaves(value, path ? `${path}.${key}` : key));
  return [{ path, value: node }];
}

/**
 * Calls a message function with sample arguments: "2" for each (a string that reads as a number too), the last one
 * "en-GB" (where a function takes a locale, it is its last parameter).
 */
function call(fn: (...args: never[]) => unknown): unknown {
  const args: unknown[] = Array.from({ length: fn.length }, (_, i) => (i === fn.length - 1 ? "en-GB" : "2"));
  return (fn as (...a: unknown[]) => unknown)(...args);
}

/** The pseudo-locale: every string bracketed and stretched, functions wrapped; what a translation must look like. */
function pseudo<T>(node: T): T {
  if (typeof node === "string") return `[${node.replace(/[aeiou]/g, (v) => `${v}${v}`)}]` as T;
  if (typeof node === "function") {
    const wrapped = (...args: unknown[]) => pseudo((node as (...a: unknown[]) => unknown)(...args));
    return Object.defineProperty(wrapped, "length", { value: node.length }) as T;
  }
  if (Array.isArray(node)) return node.map(pseudo) as T;
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, pseudo(v)])) as T;
  return node;
}

describe("the message catalogue", () => {
  const all = leaves(en);

  it("has every entry as a non-empty string or a function that returns one", () => {
    expect(all.length).toBeGreaterThan(150);
    const bad = all.filter(({ value }) => {
      if (typeof value === "string") return value.trim() === "" && value !== "";
      if (typeof value === "function") {
        const out = call(value as (...args: never[]) => unknown);
        return typeof out !== "string" || out.trim() === "";
      }
      return true;
    });
    expect(bad.map((b) => b.path)).toEqual([]);
    // Empty strings are never entries.
    expect(all.filter(({ value }) => value === "").map((b) => b.path)).toEqual([]);
  });

  it("is registered for every supported language, each with the reference's keys", () => {
    const keys = all.map((l) => l.path).sort();
    for (const language of LANGUAGES) expect(leaves(messagesFor(language)).map((l) => l.path).sort()).toEqual(keys);
  });

  it("a pseudo-locale of it keeps the shape and changes every string", () => {
    const p = pseudo(en);
    const pseudoLeaves = leaves(p);
    expect(pseudoLeaves.map((l) => l.path)).toEqual(all.map((l) => l.path));
    for (const { path, value } of pseudoLeaves) {
      const text = typeof value === "function" ? call(value as (...args: never[]) => unknown) : value;
      expect(text, path).toMatch(/^\[.*\]$/s);
    }
    expect(p.chat.search.found(3, "en-GB")).toBe("[3 meessaagees foouund]");
  });

  it("formats numbers in the reader's locale", () => {
    expect(en.chat.search.found(12345, "en-US")).toBe("12,345 messages found");
    expect(en.chat.search.found(12345, "de-DE")).toBe("12.345 messages found");
    expect(en.chat.search.found(1, "en-GB")).toBe("1 message found");
    expect(en.chat.composer.counter(3210, 4000, "en-GB")).toBe("3,210 / 4,000");
  });
});

describe("resolveLocale (Accept-Language)", () => {
  it.each([
    ["en-GB,en;q=0.9", "en-GB"],
    ["en-us", "en-US"],
    ["fr-FR,fr;q=0.9,en-GB;q=0.8,en;q=0.7", "en-GB"],
    ["de;q=0.5, en-AU;q=0.9", "en-AU"],
    ["fr-FR", "en"],
    ["*", "en"],
    ["", "en"],
    [null, "en"],
    ["en-GB;q=0, en-US;q=0.2", "en-US"],
    ["<script>,en", "en"],
    ["x".repeat(5000), "en"],
  ])("%j → %s", (header, tag) => {
    expect(resolveLocale(header)).toEqual({ tag, language: "en" });
  });
});
