// The user-facing strings of the chat, settings and auth pages: one typed object per language
// (lib/i18n/messages/en.ts is the reference). Server code calls getMessages() (lib/i18n/server.ts),
// client components useMessages() (lib/i18n/client.tsx); plain helpers take the messages as an argument.
import { en, type Messages } from "./messages/en";
import type { Language } from "./locale";

export type { Messages } from "./messages/en";
export { resolveLocale, LANGUAGES, DEFAULT_LANGUAGE, type Language, type Locale } from "./locale";

const CATALOGUES: Record<Language, Messages> = { en };

export function messagesFor(language: Language): Messages {
  return CATALOGUES[language];
}
