import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { I18nProvider } from "@/lib/i18n/client";
import { resolveLocale } from "@/lib/i18n/locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Threadline", template: "%s · Threadline" },
  description: "Chat with your team's shared agent, in a thread of your own.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

// Tailwind's `dark:` variant keys off the `dark` class; set it from the system
// preference before first paint so there is no flash of the wrong theme.
const themeScript = `(() => { const m = matchMedia("(prefers-color-scheme: dark)"); const set = () => document.documentElement.classList.toggle("dark", m.matches); set(); m.addEventListener("change", set); })();`;

// The page's CSP (proxy.ts) runs only scripts that carry its nonce: Next's own get it from the policy, this one
// from `x-nonce`. Reading the request's headers keeps every page dynamic, which they are anyway (they read the session).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const requestHeaders = await headers();
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  // The browser's language (best match among those we have strings for) with its region, for formats.
  const locale = resolveLocale(requestHeaders.get("accept-language"));
  return (
    <html lang={locale.tag} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </body>
    </html>
  );
}
