import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-100">404</p>
      <h1 className="text-2xl font-semibold" data-testid="not-found">Page not found</h1>
      <p className="max-w-sm text-zinc-600 dark:text-zinc-400">The page you asked for does not exist, or you do not have access to it.</p>
      <Link href="/" className={buttonClasses("secondary", "mt-2")}>Back to Threadline</Link>
    </main>
  );
}
