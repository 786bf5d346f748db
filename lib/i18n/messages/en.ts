// English: the reference catalogue, and the one entry point to it. Every user-facing string of the chat, settings
// and auth pages (and the header and badges they share) lives in the files below, grouped by page and feature;
// strings with numbers or names are functions. A new language is a set of files of the same shape (`satisfies
// Messages` checks it is complete) registered in lib/i18n/index.ts and lib/i18n/locale.ts.
import { auth } from "./en.auth";
import { chat } from "./en.chat";
import { settings } from "./en.settings";
import { shell } from "./en.shell";

export const en = {
  common: {
    close: "Close",
    cancel: "Cancel",
    working: "Working…",
    retry: "Retry",
    dismiss: "Dismiss",
    you: "You",
    agent: "Agent",
    /** Failed requests, by kind (lib/i18n/api-errors.ts); other refusals keep the server's specific message. */
    errors: {
      network: "Couldn’t reach Threadline. Check your connection and try again.",
      offline: "A service this page needs is not answering. Please try again in a moment.",
      rateLimit: "Too many requests in a short time. Wait a moment and try again.",
      internal: "Something went wrong on our side. Please try again.",
      signedOut: "Please sign in again.",
    },
  },
  shell,
  chat,
  settings,
  auth,
};

export type Messages = typeof en;
