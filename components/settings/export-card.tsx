import { buttonClasses } from "@/components/ui/button";
import { getMessages } from "@/lib/i18n/server";
import { SettingsCard } from "./settings-card";

function DownloadIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0">
      <path d="M10.75 2.75a.75.75 0 0 0-1.5 0v8.614L6.295 8.235a.75.75 0 1 0-1.09 1.03l4.25 4.5a.75.75 0 0 0 1.09 0l4.25-4.5a.75.75 0 0 0-1.09-1.03l-2.955 3.129V2.75Z" />
      <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
    </svg>
  );
}

/** "Export your conversation": two plain downloads, streamed by /api/account/export. */
export async function ExportCard() {
  const m = (await getMessages()).settings.export;
  return (
    <SettingsCard id="export" title={m.heading} testId="export-card">
      <p className="mt-2 text-sm leading-6 text-zinc-700 dark:text-zinc-300">
        {m.introStart}<strong className="font-medium">{m.markdown}</strong>{m.introMarkdown}<strong className="font-medium">{m.json}</strong>
        {m.introJson}
      </p>
      <div className="mt-4 flex flex-col gap-2 sm:flex-row">
        <a href="/api/account/export?format=markdown" download data-testid="export-markdown" className={buttonClasses("secondary")}>
          <DownloadIcon /> {m.downloadMarkdown}
        </a>
        <a href="/api/account/export?format=json" download data-testid="export-json" className={buttonClasses("secondary")}>
          <DownloadIcon /> {m.downloadJson}
        </a>
      </div>
    </SettingsCard>
  );
}
