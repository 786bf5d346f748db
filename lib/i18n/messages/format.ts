// Formatting helpers for the catalogues' functions.

/** Formats a number for the given locale tag (grouping as the reader expects). */
export const num = (n: number, locale: string) => n.toLocaleString(locale);
