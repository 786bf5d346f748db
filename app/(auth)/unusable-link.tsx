"use client";

import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { RESET_LINK_MINUTES } from "@/lib/auth/reset-link";
import { useMessages } from "@/lib/i18n/client";

/** A reset link that is expired, already used, or not a link we sent (tampered, cut short). */
export function UnusableLink() {
  const m = useMessages().auth;
  return (
    <div className="space-y-5" data-testid="reset-link-unusable">
      <div role="alert">
        <h1 className="mb-1 text-xl font-semibold">{m.reset.unusableHeading}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {m.reset.unusable(RESET_LINK_MINUTES)}
        </p>
      </div>
      <Link href="/forgot-password" className={buttonClasses("primary", "w-full")} data-testid="request-new-link">
        {m.reset.requestNew}
      </Link>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100">{m.backToSignIn}</Link>
      </p>
    </div>
  );
}
