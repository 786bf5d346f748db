// What a message's text rendered to, kept by the text (components/markdown/markdown.tsx): a row mounted again
// reuses it instead of parsing its Markdown again. Pure (unit-tested).

export type TextMemory<T> = {
  /** The value kept for `text`, or `make()`'s, kept from now on. */
  recall: (text: string, make: () => T) => T;
  readonly size: number;
};

/**
 * Keeps up to `limit` values, the least recently used going first. A text that extends the one made last replaces
 * it: a message streaming in is kept once, at its latest, not once per token.
 */
export function textMemory<T>(limit: number): TextMemory<T> {
  const values = new Map<string, T>();
  let last: string | null = null;
  return {
    recall(text, make) {
      const known = values.get(text);
      if (known !== undefined) {
        values.delete(text);
        values.set(text, known);
        return known;
      }
      const value = make();
      if (last !== null && text.startsWith(last)) values.delete(last);
      values.set(text, value);
      last = text;
      if (values.size > limit) values.delete(values.keys().next().value!);
      return value;
    },
    get size() {
      return values.size;
    },
  };
}
