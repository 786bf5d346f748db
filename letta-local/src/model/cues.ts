import { cleanPhrase } from "./text";

export interface Cues {
  /** What to look up: "search for X", "what did I/anyone say about X", "do you remember X". */
  search: string | null;
  /** What to store: "remember that X", "remember: X", "please note that X". */
  remember: string | null;
  /** "replace X with Y in memory". */
  replace: { oldText: string; newText: string } | null;
  greeting: boolean;
  wantsCode: boolean;
  wantsTable: boolean;
}

const SEARCH_PATTERNS = [
  /\bsearch\s+(?:my\s+|our\s+|the\s+|your\s+)?(?:history\s+|messages\s+|conversations?\s+|memory\s+)?for\s+(.+)/i,
  /\bwhat\s+(?:did|have)\s+(?:i|we|you|anyone|someone|they|he|she)\s+(?:ever\s+)?(?:say|said|write|written|mention|mentioned|tell you|told you)\s+about\s+(.+)/i,
  /\bdo\s+you\s+remember\s+(?:anything\s+about\s+|when\s+|that\s+)?(.+)/i,
  /\bdid\s+(?:i|we|anyone|someone)\s+(?:ever\s+)?(?:mention|say anything about|talk about)\s+(.+)/i,
];

const REMEMBER_PATTERNS = [/\bremember\s+that\s+(.+)/i, /\bremember:\s*(.+)/i, /\b(?:please\s+)?note\s+that\s+(.+)/i];

const REPLACE_PATTERN = /\b(?:replace|change)\s+["“]?(.+?)["”]?\s+(?:with|to)\s+["“]?(.+?)["”]?\s+in\s+(?:your\s+)?memory\b/i;

function firstMatch(patterns: RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    const phrase = match?.[1] ? cleanPhrase(match[1]) : "";
    if (phrase) return phrase;
  }
  return null;
}

/** The offline model's whole "understanding": fixed, documented patterns over the latest user text. */
export function readCues(text: string): Cues {
  // "do you remember X" is a search, so it must win over "remember that X".
  const search = firstMatch(SEARCH_PATTERNS, text);
  const replaceMatch = REPLACE_PATTERN.exec(text);
  return {
    search,
    remember: search ? null : firstMatch(REMEMBER_PATTERNS, text),
    replace:
      replaceMatch?.[1] && replaceMatch[2] ? { oldText: cleanPhrase(replaceMatch[1]), newText: cleanPhrase(replaceMatch[2]) } : null,
    greeting: /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b[\s!.,]*$/i.test(text),
    wantsCode: /\b(code|function|snippet|script|program|typescript|javascript|python|example implementation)\b/i.test(text),
    wantsTable: /\btable\b/i.test(text),
  };
}
