"use client";

import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_LANGUAGE, messagesFor, type Locale, type Messages } from "./index";

const Context = createContext<Locale>({ tag: DEFAULT_LANGUAGE, language: DEFAULT_LANGUAGE });

/** Set once by the root layout from the request: the browser renders with the server's locale (no hydration mismatch). */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <Context value={locale}>{children}</Context>;
}

/** The page's locale tag (e.g. "en-GB"), for Intl number and date formats. */
export function useLocale(): string {
  return useContext(Context).tag;
}

/** The strings for the page's language. */
export function useMessages(): Messages {
  return messagesFor(useContext(Context).language);
}
