import { describe, expect, it } from "vitest";
import type { Row } from "@/lib/chat/client/rows";
import { shortcutFor, SHORTCUTS, type KeyInfo } from "@/lib/chat/client/shortcuts";
import { highlightParts, matchesTerms, searchTerms, snippetAround } from "@/lib/chat/search-text";
import { revealStep } from "@/lib/thread/reveal";

describe("search words", () => {
  it("splits a query into lower-case words, dropping one-letter ones and repeats", () => {
    expect(searchTerms("  Pine-apple, PINE a 42! ")).toStrictEqual(["pine", "apple", "42"]);
    expect(searchTerms("a . ,")).toStrictEqual([]);
  });

  it("matches a text holding every word, in any case and order", () => {
    expect(matchesTerms("The Pineapple pizza", ["pizza", "pineapple"])).toBe(true);
    expect(matchesTerms("The Pineapple", ["pizza", "pineapple"])).toBe(false);
    expect(matchesTerms("anything", [])).toBe(false);
  });

  it("cuts a line of context around the first word found, at spaces, with ellipses", () => {
    const text = `${"lorem ipsum ".repeat(30)}the quokka smiled ${"dolor sit ".repeat(30)}`;
    const snippet = snippetAround(text, ["quokka"]);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("the quokka smiled");
    expect(snippet.length).toBeLessThanOrEqual(162);
    expect(snippetAround("short\n\ntext", ["text"])).toBe("short text");
  });

  it("marks the words in a snippet, whatever their case", () => {
    expect(highlightParts("A Quokka and a quokka.", ["quokka"])).toStrictEqual([
      { text: "A ", match: false }, { text: "Quokka", match: true }, { text: " and a ", match: false },
      { text: "quokka", match: true }, { text: ".", match: false },
    ]);
    expect(highlightParts("a (b) c", ["(b)"])).toStrictEqual([{ text: "a ", match: false }, { text: "(b)", match: true }, { text: " c", match: false }]);
  });
});

describe("jumping to a match", () => {
  const row = (id: string, kind: "user" | "assistant"): Row =>
    ({ key: `${kind}:${id}`, kind, id, otid: null, date: null, live: false, runId: null, text: "x", pending: false }) as Row;
  const state = { rows: [row("m1", "user"), row("m2", "assistant")], history: "ready" as const, cursor: "m1", older: "idle" as const };

  it("scrolls to the row once it is loaded, matching id and role", () => {
    expect(revealStep(state, { id: "m2", role: "assistant" })).toStrictEqual({ type: "found", key: "assistant:m2" });
    expect(revealStep(state, { id: "m2", role: "user" })).toStrictEqual({ type: "load" });
  });

  it("loads older pages until the start, waiting for each", () => {
    expect(revealStep(state, { id: "m0", role: "user" })).toStrictEqual({ type: "load" });
    expect(revealStep({ ...state, older: "loading" }, { id: "m0", role: "user" })).toStrictEqual({ type: "wait" });
    expect(revealStep({ ...state, history: "loading" }, { id: "m0", role: "user" })).toStrictEqual({ type: "wait" });
    expect(revealStep({ ...state, cursor: null }, { id: "m0", role: "user" })).toStrictEqual({ type: "missing" });
    expect(revealStep({ ...state, older: "error" }, { id: "m0", role: "user" })).toStrictEqual({ type: "failed" });
  });
});

describe("keyboard shortcuts", () => {
  const key = (k: string, extra: Partial<KeyInfo> = {}): KeyInfo => ({
    key: k, ctrlKey: false, metaKey: false, altKey: false, typing: false, replying: false, ...extra,
  });

  it("maps single keys only when not typing", () => {
    expect(shortcutFor(key("/"))).toBe("search");
    expect(shortcutFor(key("?"))).toBe("help");
    expect(shortcutFor(key("c"))).toBe("compose");
    expect(shortcutFor(key("End"))).toBe("latest");
    for (const k of ["/", "?", "c", "End"]) expect(shortcutFor(key(k, { typing: true })), k).toBeNull();
    expect(shortcutFor(key("x"))).toBeNull();
  });

  it("Ctrl/⌘+K searches from anywhere; Escape stops only a reply in progress", () => {
    expect(shortcutFor(key("k", { ctrlKey: true, typing: true }))).toBe("search");
    expect(shortcutFor(key("K", { metaKey: true }))).toBe("search");
    expect(shortcutFor(key("c", { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key("/", { altKey: true }))).toBeNull();
    expect(shortcutFor(key("Escape", { replying: true, typing: true }))).toBe("stop");
    expect(shortcutFor(key("Escape"))).toBeNull();
  });

  it("single printable keys can be turned off (WCAG 2.1.4); the modified and named keys stay", () => {
    for (const k of ["/", "?", "c", "C"]) expect(shortcutFor(key(k, { singleKeys: false })), k).toBeNull();
    expect(shortcutFor(key("End", { singleKeys: false }))).toBe("latest");
    expect(shortcutFor(key("k", { ctrlKey: true, singleKeys: false }))).toBe("search");
    expect(shortcutFor(key("Escape", { replying: true, singleKeys: false }))).toBe("stop");
    // Every single printable key listed is marked as one the toggle covers.
    for (const s of SHORTCUTS) expect(Boolean(s.singleKey), s.keys.join("+")).toBe(s.keys.length === 1 && s.keys[0]!.length === 1);
  });

  it("the help dialog lists every action", () => {
    expect(new Set(SHORTCUTS.map((s) => s.action))).toStrictEqual(new Set(["search", "compose", "stop", "latest", "help"]));
  });
});
