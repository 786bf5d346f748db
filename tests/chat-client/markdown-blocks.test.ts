import { describe, expect, it } from "vitest";
import { markdownBlocks } from "@/lib/chat/client/markdown-blocks";

describe("markdownBlocks", () => {
  it("splits at blank lines, keeping each block's own lines together", () => {
    const text = "# Title\nIntro line\n\n- one\n- two\n\n\nLast paragraph";
    expect(markdownBlocks(text)).toStrictEqual(["# Title\nIntro line", "- one\n- two", "Last paragraph"]);
  });

  it("never splits fenced code, whatever blank lines it holds", () => {
    const text = "Code:\n\n```ts\nconst a = 1;\n\n\nconst b = 2;\n```\n\nAfter";
    expect(markdownBlocks(text)).toStrictEqual(["Code:", "```ts\nconst a = 1;\n\n\nconst b = 2;\n```", "After"]);
    // A fence still open (a reply streaming) keeps everything after it in one block.
    expect(markdownBlocks("Intro\n\n~~~\nx\n\ny")).toStrictEqual(["Intro", "~~~\nx\n\ny"]);
    // Only a matching fence closes it.
    expect(markdownBlocks("````\n```\n\n````\n\nEnd")).toStrictEqual(["````\n```\n\n````", "End"]);
  });

  it("joins back to the same text, apart from blank-line runs and trailing space", () => {
    const text = "a\n\nb  \nc\n\n\n\n| x | y |\n| - | - |\n| 1 | 2 |\n";
    expect(markdownBlocks(text).join("\n\n")).toBe("a\n\nb  \nc\n\n| x | y |\n| - | - |\n| 1 | 2 |");
  });

  it("keeps earlier blocks identical while text is appended (what a streaming row relies on)", () => {
    const full = "First paragraph.\n\nSecond paragraph grows word by word";
    const early = markdownBlocks(full.slice(0, 30));
    const late = markdownBlocks(full);
    expect(late[0]).toBe(early[0]);
    expect(markdownBlocks("")).toStrictEqual([]);
    expect(markdownBlocks("\n\n  \n")).toStrictEqual([]);
  });
});
