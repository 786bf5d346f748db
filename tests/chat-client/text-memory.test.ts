import { describe, expect, it } from "vitest";
import { textMemory } from "@/lib/chat/client/text-memory";

describe("text memory (a message's parsed Markdown, kept by its text)", () => {
  it("makes a value once per text and gives the same object back", () => {
    const memory = textMemory<{ text: string }>(10);
    let made = 0;
    const make = (text: string) => () => ((made += 1), { text });
    const first = memory.recall("**hello**", make("**hello**"));
    expect(memory.recall("**hello**", make("**hello**"))).toBe(first);
    expect(made).toBe(1);
    expect(memory.recall("other", make("other"))).toStrictEqual({ text: "other" });
    expect(made).toBe(2);
  });

  it("lets the least recently used text go past its limit", () => {
    const memory = textMemory<string>(2);
    memory.recall("a", () => "A");
    memory.recall("b", () => "B");
    memory.recall("a", () => "A again"); // used: now the most recent
    memory.recall("c", () => "C"); // "b" goes
    expect(memory.size).toBe(2);
    expect(memory.recall("a", () => "A again")).toBe("A");
    expect(memory.recall("b", () => "B again")).toBe("B again");
  });

  it("keeps a message streaming in once, at its latest text", () => {
    const memory = textMemory<string>(100);
    memory.recall("done", () => "DONE");
    let text = "";
    for (const token of ["Once ", "upon ", "a ", "time."]) {
      text += token;
      memory.recall(text, () => text.toUpperCase());
    }
    expect(memory.size).toBe(2);
    expect(memory.recall("Once upon a time.", () => "again")).toBe("ONCE UPON A TIME.");
    expect(memory.recall("done", () => "again")).toBe("DONE");
  });
});
