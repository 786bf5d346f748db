import { describe, expect, it } from "vitest";
import { readUserContent } from "../src/model/user-input";

// What the offline model takes as the user's own words (README "Messages as real clients send them").
describe("readUserContent", () => {
  it("sets aside whole tagged parts and scaffolding blocks on their own lines, and keeps the rest", () => {
    const input = readUserContent([
      { type: "text", text: "<system-reminder>plan mode</system-reminder>\n<env>linux</env>" },
      { type: "text", text: "  <anything goes=\"here\">context</anything>  " },
      { type: "text", text: "Fix the parser\n<user_context>\nrepo: harbour\n</user_context>\nand add a test. <b>Bold</b> stays.\n<div>\nhtml stays\n</div>" },
    ]);
    expect(input.text).toBe("Fix the parser\nand add a test. <b>Bold</b> stays.\n<div>\nhtml stays\n</div>");
    expect(input.scaffolding).toBe(3);
    expect(input.rawText).toContain("plan mode");
  });

  it("keeps a tag block that shares its line with the user's words, and text with an unclosed tag", () => {
    expect(readUserContent("<system-reminder>x</system-reminder> but read this").text).toBe("<system-reminder>x</system-reminder> but read this");
    expect(readUserContent("what does <br> do?").text).toBe("what does <br> do?");
    expect(readUserContent("<note>unclosed").text).toBe("<note>unclosed");
  });

  it("stays linear on input crafted to make a backtracking parser explode", () => {
    const crafted = `${"<a>x</a>".repeat(20_000)}!`;
    const started = Date.now();
    expect(readUserContent([{ type: "text", text: crafted }]).text).toBe(crafted);
    const lines = `${"<system-reminder>\n".repeat(5_000)}words`;
    expect(readUserContent(lines).text).toBe(lines.trim());
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
