import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { getMessages } from "@/lib/i18n/server";

export default async function NotFound() {
  const m = (await getMessages()).shell.notFound;
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-100">404</p>
      <h1 className="text-2xl font-semibold" data-testid="not-found">{m.heading}</h1>
      <p className="max-w-sm text-zinc-600 dark:text-zinc-400">{m.body}</p>
      <Link href="/" className={buttonClasses("secondary", "mt-2")}>{m.back}</Link>
    </main>
  );
}
