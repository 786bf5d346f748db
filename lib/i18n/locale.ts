// Which language a request gets, from its Accept-Language header. Pure: the root layout (server) calls it,
// and the result travels to the browser through <I18nProvider>, so server and client format alike.

/** The languages the strings exist in (lib/i18n/messages/<language>.ts). */
export const LANGUAGES = ["en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

export type Locale = {
  /** A BCP 47 tag for `<html lang>` and Intl: the browser's own tag (region kept, e.g. "en-GB") when its language is supported. */
  tag: string;
  /** Which strings to show. */
  language: Language;
};

const TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** The tag in its canonical case ("en-gb" → "en-GB"), or null if Intl does not know it. */
function canonical(tag: string): string | null {
  if (!TAG.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The best match among LANGUAGES for an Accept-Language header (highest q first, order breaking ties), keeping the
 * browser's region for formats. Anything unreadable or unsupported falls back to "en".
 */
export function resolveLocale(acceptLanguage: string | null | undefined): Locale {
  const ranges = (acceptLanguage ?? "")
    .slice(0, 512)
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.range && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    const tag = canonical(range);
    if (!tag) continue;
    const language = LANGUAGES.find((l) => tag.toLowerCase() === l || tag.toLowerCase().startsWith(`${l}-`));
    if (language) return { tag, language };
  }
  return { tag: DEFAULT_LANGUAGE, language: DEFAULT_LANGUAGE };
}
