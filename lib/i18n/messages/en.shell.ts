// English wording of what every page shares: the header, the logo, badges, copy buttons, usage meters and quota
// wording, the 404 page (part of the `en` catalogue, lib/i18n/messages/en.ts).
import { num } from "./format";

export const shell = {
  product: "Threadline",
  header: {
    home: "Threadline home",
    nav: "Main",
    chat: "Chat",
    admin: "Admin",
    account: "Account",
    settings: "Settings and privacy",
    settingsAfterName: ", settings and privacy",
    signOut: "Sign out",
  },
  roles: { ADMIN: "Admin", USER: "User" },
  /** An account's status (admin pages, which are in English for now). */
  status: { active: "Active", disabled: "Disabled" },
  copy: {
    copy: "Copy",
    copied: "Copied",
    failed: "Couldn’t copy",
    code: "Copy code",
  },
  usage: {
    messagesToday: "Messages today",
    tokensToday: "Tokens today",
    tokensMonth: "Tokens this month",
    messages: "messages",
    tokens: "tokens",
    noLimit: (used: number, unit: string, locale: string) => `${num(used, locale)} ${unit} · no limit`,
    ofLimit: (used: number, limit: number, unit: string, locale: string) => `${num(used, locale)} of ${num(limit, locale)} ${unit}`,
    percentUsed: (label: string, percent: number) => `${label}: ${percent}% used`,
    resetsDaily: (time: string) => `Resets at ${time}`,
    resetsOn: (date: string, time: string) => `Resets ${date}, ${time}`,
  },
  quota: {
    messagesDay: (limit: number, locale: string) => `today's ${num(limit, locale)} message${limit === 1 ? "" : "s"}`,
    tokensDay: (limit: number, locale: string) => `today's ${num(limit, locale)} tokens`,
    tokensMonth: (limit: number, locale: string) => `this month's ${num(limit, locale)} tokens`,
    switchedOff: "Chat is switched off for your account.",
    used: (what: string) => `You've used ${what}.`,
    writeAgain: (at: string, wait: string) => `You can write again at ${at}, in ${wait}.`,
    /** A reset time: "00:00 UTC" today or tomorrow, "00:00 UTC on 1 Jan" further away. */
    time: (time: string) => `${time} UTC`,
    timeOn: (time: string, date: string) => `${time} UTC on ${date}`,
    wait: {
      seconds: (n: number) => `${n} s`,
      minutes: (n: number) => `${n} min`,
      hours: (h: number, min: number) => (min > 0 ? `${h} h ${min} min` : `${h} h`),
      days: (d: number, h: number) => (h > 0 ? `${d} d ${h} h` : `${d} d`),
    },
  },
  notFound: {
    heading: "Page not found",
    body: "The page you asked for does not exist, or you do not have access to it.",
    back: "Back to Threadline",
  },
};
