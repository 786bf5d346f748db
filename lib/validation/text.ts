// Text that can travel: every string the browser sends is checked for what JSON carries but Postgres and Letta
// cannot store (a NUL character) or that is not Unicode at all (half of a surrogate pair, e.g. a broken emoji).
// Such a string is refused with a clear 400 before it reaches the database or Letta, instead of failing later
// where the user can no longer see why.
// No zod here: the browser imports this file too.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False for a string holding a NUL character or a lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/**
 * The same text, made storable: NUL characters removed and lone surrogates replaced with U+FFFD (what a browser
 * shows for them anyway). The composer sends this, so a pasted stray character never costs the user a message.
 */
export function toStorableText(text: string): string {
  return text.replace(/\u0000/g, "").replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD");
}

export const UNSTORABLE_TEXT = "contains a character that can't be stored (a NUL character or half of an emoji). Remove it and try again.";

