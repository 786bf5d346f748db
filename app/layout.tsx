import type { Metadata, Viewport } from "next";
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

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
