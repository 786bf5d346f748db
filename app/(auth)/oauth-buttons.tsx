import { signIn } from "@/auth";
import { buttonClasses } from "@/components/ui/button";
import type { OAuthProviderInfo } from "@/lib/auth/providers";

export function OAuthButtons({ providers, callbackUrl }: { providers: OAuthProviderInfo[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
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
            Continue with {provider.name}
          </button>
        </form>
      ))}
      <div className="flex items-center gap-3 pt-2 text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" /> or <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
    </div>
  );
}
