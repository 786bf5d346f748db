// "Chrome on macOS": a session's browser and system, for the list on /settings. Rough on purpose: it only has
// to tell a person's own devices apart. Pure, no imports.
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(?:e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** `m`: the reader's wording (the names of browsers and systems are not translated). */
export function describeUserAgent(userAgent: string | null | undefined, m: Messages["settings"]["sessions"]["device"] = en.settings.sessions.device): string {
  if (!userAgent) return m.unknown;
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return m.on(browser, system);
  return browser ?? system ?? m.unknown;
}

/** Phones and tablets get a phone icon, the rest a laptop. */
export function isMobileUserAgent(userAgent: string | null | undefined): boolean {
  return !!userAgent && /iPhone|iPad|Android|Mobile/.test(userAgent);
}
