import { signIn } from "@/auth";
import { buttonClasses } from "@/components/ui/button";
import type { OAuthProviderInfo } from "@/lib/auth/providers";
import { getMessages } from "@/lib/i18n/server";

export async function OAuthButtons({ providers, callbackUrl }: { providers: OAuthProviderInfo[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  const m = (await getMessages()).auth;
  return (
    <div className="mb-6 space-y-2">
      {providers.map((provider) => (
        <form
          key={provider.id}
          action={async () => {
            "use server";
            await signIn(provider.id, { redirectTo: callbackUrl });
          }}
        >
          <button type="submit" className={buttonClasses("secondary", "w-full")}>
            {m.continueWith(provider.name)}
          </button>
        </form>
      ))}
      <div className="flex items-center gap-3 pt-2 text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" /> {m.or} <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
    </div>
  );
}
