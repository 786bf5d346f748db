/** A token is a word with its trailing whitespace (leading whitespace is a token of its own). */
export function tokenize(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

const STOPWORDS = new Set(
  "a an the and or but of to in on at for with about from by is are was were be been it its this that these those i me my we our you your he she they them their what did do does said say anything anyone someone ever".split(
    " ",
  ),
);

export function keyTerms(text: string, max: number): string[] {
  const seen = new Set<string>();
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []) {
    if (raw.length < 3 || STOPWORDS.has(raw) || seen.has(raw)) continue;
    seen.add(raw);
    if (seen.size >= max) break;
  }
  return [...seen];
}

/** Words a search must contain: the query's meaningful words, or the whole query when it has none. */
export function searchWords(query: string): string[] {
  const words = (query.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter((w) => !STOPWORDS.has(w));
  return words.length > 0 ? words.slice(0, 8) : [query.trim()].filter(Boolean);
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Trims quotes and trailing punctuation from a phrase captured out of the user's sentence. */
export function cleanPhrase(text: string): string {
  return text.trim().replace(/^["'“”‘’]+|["'“”‘’]+$/g, "").replace(/[?.!,;:]+$/, "").trim();
}

const FILLER =
  "streaming tokens one word at a time lets the interface show progress while the offline model keeps writing deterministic text".split(" ");

/** `count` deterministic filler tokens for the long-reply fault. */
export function fillerText(count: number): string {
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(i % 25 === 24 ? `${FILLER[i % FILLER.length]}.` : (FILLER[i % FILLER.length] ?? "word"));
  return words.join(" ");
}
