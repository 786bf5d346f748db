import { describeImage, type ImageInfo } from "./images";

/**
 * What the offline model reads from the user's messages. Real clients send content as parts and add their own
 * scaffolding next to the user's words: Letta Code, for one, prepends `<system-reminder>…</system-reminder>` text
 * parts to every message. The model answers the user's words, so that scaffolding is set aside here.
 */
export interface UserInput {
  /** The user's own words, scaffolding removed (several user messages joined by newlines). */
  text: string;
  /** Every text the messages carry, scaffolding included: what fault and hold `match` strings are checked against. */
  rawText: string;
  images: ImageInfo[];
  /** How many pieces of client scaffolding were set aside. */
  scaffolding: number;
}

export const EMPTY_INPUT: UserInput = { text: "", rawText: "", images: [], scaffolding: 0 };

/** A whole text part made only of `<tag …>…</tag>` blocks is context a client added, whatever the tag is called. */
const WHOLE_TAGGED = /^(?:\s*<([A-Za-z][\w:.-]*)(?:\s[^>]*)?>[\s\S]*?<\/\1>\s*)+$/;

/**
 * Inside the user's text, a block on lines of its own whose tag reads like scaffolding (`system-reminder`,
 * `user_context`, `env:info`, or one of a few common names) is context too. Inline markup such as `<b>x</b>` or an
 * HTML snippet the user is asking about stays part of their words.
 */
const INLINE_BLOCK = /(^|\n)[ \t]*<([a-z][\w.-]*[-_:][\w:.-]*|context|reminder|instructions|environment|env|metadata|attachments?)(?:\s[^>]*)?>[\s\S]*?<\/\2>[ \t]*(?=\n|$)/gi;

function stripInline(text: string): { text: string; removed: number } {
  let removed = 0;
  const stripped = text.replace(INLINE_BLOCK, (_block, lead: string) => {
    removed += 1;
    return lead;
  });
  return { text: stripped.replace(/\n{3,}/g, "\n\n").trim(), removed };
}

function readText(text: string, into: { words: string[]; raw: string[]; scaffolding: number }): void {
  into.raw.push(text);
  if (WHOLE_TAGGED.test(text)) {
    into.scaffolding += 1;
    return;
  }
  const { text: words, removed } = stripInline(text);
  into.scaffolding += removed;
  if (words) into.words.push(words);
}

/** Reads one message's content: a string, or Letta content parts (text, image, and others the model ignores). */
export function readUserContent(content: unknown): UserInput {
  const into = { words: [] as string[], raw: [] as string[], scaffolding: 0 };
  const images: ImageInfo[] = [];
  const parts: unknown[] = typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? content : [];
  for (const part of parts) {
    if (!part || typeof part !== "object") continue;
    const item = part as { type?: unknown; text?: unknown; source?: unknown };
    if (item.type === "image") {
      const image = describeImage(item.source);
      if (image) images.push(image);
    } else if (typeof item.text === "string") readText(item.text, into);
  }
  return { text: into.words.join("\n\n"), rawText: into.raw.join("\n"), images, scaffolding: into.scaffolding };
}

export function combineInputs(inputs: UserInput[]): UserInput {
  return {
    text: inputs.map((input) => input.text).filter(Boolean).join("\n"),
    rawText: inputs.map((input) => input.rawText).filter(Boolean).join("\n"),
    images: inputs.flatMap((input) => input.images),
    scaffolding: inputs.reduce((sum, input) => sum + input.scaffolding, 0),
  };
}
