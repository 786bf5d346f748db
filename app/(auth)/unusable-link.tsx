import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { RESET_LINK_MINUTES } from "@/lib/auth/reset-link";

/** A reset link that is expired, already used, or not a link we sent (tampered, cut short). */
export function UnusableLink() {
  return (
    <div className="space-y-5" data-testid="reset-link-unusable">
      <div role="alert">
        <h1 className="mb-1 text-xl font-semibold">This link can’t be used</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          It has expired, was already used, or was not copied whole. Reset links work once, within {RESET_LINK_MINUTES} minutes. Your password
          has not been changed.
        </p>
      </div>
      <Link href="/forgot-password" className={buttonClasses("primary", "w-full")} data-testid="request-new-link">
        Request a new link
      </Link>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100">Back to sign in</Link>
      </p>
    </div>
  );
}
