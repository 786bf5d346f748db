import "server-only";
import { headers } from "next/headers";
import { messagesFor, resolveLocale, type Locale, type Messages } from "./index";

/** The request's locale (its Accept-Language header). */
export async function getLocale(): Promise<Locale> {
  return resolveLocale((await headers()).get("accept-language"));
}

/** The strings for the request's language, for server components and actions. */
export async function getMessages(): Promise<Messages> {
  return messagesFor((await getLocale()).language);
}
