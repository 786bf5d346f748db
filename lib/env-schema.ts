// The environment Threadline reads, as one zod schema. Kept free of `server-only`
// so that unit tests and scripts can validate an env object directly.
import { z } from "zod";

const optionalString = z.string().trim().min(1).optional();
/** A usage limit: a non-negative integer, where 0 (or unset) means unlimited; null here when unlimited. */
const usageLimit = z.coerce
  .number({ error: "must be a whole number (0 = unlimited)" })
  .int("must be a whole number (0 = unlimited)")
  .min(0, "must be 0 (unlimited) or more")
  .max(Number.MAX_SAFE_INTEGER, "is too large")
  .default(0)
  .transform((n) => (n === 0 ? null : n));
const flag = (fallback: "on" | "off") =>
  z.enum(["on", "off", "true", "false", "1", "0"]).default(fallback).transform((v) => v === "on" || v === "true" || v === "1");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }),
    /** Connections per server instance (the embedded PGlite needs 1; serverless: keep it small). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    AUTH_SECRET: z.string().min(16, "must be at least 16 characters (generate one with `openssl rand -base64 32`)"),
    AUTH_URL: z.url().optional(),
    AUTH_TRUST_HOST: optionalString,
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    AUTH_OIDC_ISSUER: z.url().optional(),
    AUTH_OIDC_ID: optionalString,
    AUTH_OIDC_SECRET: optionalString,
    AUTH_OIDC_NAME: z.string().trim().min(1).default("Single sign-on"),
    ADMIN_EMAILS: z
      .string()
      .default("")
      .transform((v) => v.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
    /**
     * Groups of the OIDC provider whose members are admins: a user signing in through OIDC whose `groups` claim
     * names one of them is promoted, one whose claim no longer does is demoted (unless in ADMIN_EMAILS).
     */
    AUTH_ADMIN_GROUPS: z
      .string()
      .default("")
      .transform((v) => v.split(",").map((g) => g.trim()).filter(Boolean))
      .pipe(z.array(z.string().max(256, "each group must be at most 256 characters")).max(100, "at most 100 groups")),
    ADMIN_THREAD_ACCESS: flag("on"),
    LETTA_API_KEY: optionalString,
    LETTA_BASE_URL: z.url().optional(),
    LETTA_AGENT_NAME: z.string().trim().min(1).max(100).default("threadline"),
    LETTA_AGENT_MODEL: z.string().trim().regex(/^[^/\s]+\/\S+$/, "must be a provider/model handle").default("openai/gpt-4o-mini"),
    LETTA_AGENT_EMBEDDING: z.string().trim().regex(/^[^/\s]+\/\S+$/, "must be a provider/model handle").default("openai/text-embedding-3-small"),
    /**
     * Seconds a chat stream may run before the proxy hands off to a resumed request: a serverless function's time
     * limit (Vercel's maxDuration). `0` or `off`: never, for servers without one (`next start`), where Letta's body
     * is then passed to Next as it is (cheaper per chunk). Default: 280 on Vercel, off elsewhere.
     */
    CHAT_STREAM_MAX_SECONDS: z
      .union([z.literal("off"), z.coerce.number().int().refine((s) => s === 0 || (s >= 5 && s <= 800), "must be 0 or off (no limit), or 5 to 800")])
      .optional(),
    /**
     * On SIGTERM (`npm start`, a container), the longest an instance takes to exit: open chat streams are handed
     * to other instances at once, and whatever is still open after this is cut (lib/server/shutdown.ts).
     */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    /**
     * Outgoing mail (password reset links), sent with nodemailer: `smtp://user:pass@host:587` (STARTTLS when the
     * server offers it) or `smtps://…:465`. Unset in development: the mail, link included, is printed to the
     * console. Unset in production: password reset by email is off.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
    /** The mail's sender: `Threadline <no-reply@example.com>` or a bare address. */
    EMAIL_FROM: z
      .string()
      .trim()
      .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "must be an email address, optionally with a name: Threadline <no-reply@example.com>")
      .optional(),
    /** Sends per user per minute (the burst limit; fixed window shared by every instance). */
    CHAT_MESSAGES_PER_MINUTE: z.coerce.number({ error: "must be a whole number from 1 to 10000" }).int("must be a whole number from 1 to 10000").min(1, "must be a whole number from 1 to 10000").max(10_000, "must be a whole number from 1 to 10000").default(20),
    /** Usage budgets per role (UTC day and calendar month); 0 or unset = unlimited. Admins can override them per user. */
    CHAT_MESSAGES_PER_DAY: usageLimit,
    CHAT_TOKENS_PER_DAY: usageLimit,
    CHAT_TOKENS_PER_MONTH: usageLimit,
    CHAT_ADMIN_MESSAGES_PER_DAY: usageLimit,
    CHAT_ADMIN_TOKENS_PER_DAY: usageLimit,
    CHAT_ADMIN_TOKENS_PER_MONTH: usageLimit,
    /** Bearer token for GET /api/cron/usage (the usage sweep); Vercel Cron sends it. Unset: the route is off. */
    CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** Set by Vercel on its builds and functions. */
    VERCEL: optionalString,
  })
  .superRefine((env, ctx) => {
    const pairs = [
      ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
      ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
      ["AUTH_OIDC_ID", "AUTH_OIDC_SECRET"],
    ] as const;
    for (const [id, secret] of pairs) {
      if (Boolean(env[id]) !== Boolean(env[secret])) {
        const missing = env[id] ? secret : id;
        ctx.addIssue({ code: "custom", path: [missing], message: `is required when ${missing === id ? secret : id} is set` });
      }
    }
    if (env.AUTH_OIDC_ID && !env.AUTH_OIDC_ISSUER) {
      ctx.addIssue({ code: "custom", path: ["AUTH_OIDC_ISSUER"], message: "is required when AUTH_OIDC_ID is set" });
    }
    if (!env.LETTA_API_KEY && !env.LETTA_BASE_URL) {
      ctx.addIssue({
        code: "custom", path: ["LETTA_API_KEY"],
        message: "or LETTA_BASE_URL is required (`npm run dev` and `npm test` start the local Letta server and set LETTA_BASE_URL)",
      });
    }
    if (env.SMTP_URL && !env.EMAIL_FROM) {
      ctx.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "is required when SMTP_URL is set (the sender of reset emails)" });
    }
    if (env.SMTP_URL && env.NODE_ENV === "production" && !env.AUTH_URL) {
      ctx.addIssue({
        code: "custom", path: ["AUTH_URL"],
        message: "is required when SMTP_URL is set: links in emails are built from it, never from a request's Host header",
      });
    }
    if (env.AUTH_ADMIN_GROUPS.length > 0 && !env.AUTH_OIDC_ISSUER) {
      ctx.addIssue({ code: "custom", path: ["AUTH_ADMIN_GROUPS"], message: "needs an OIDC provider (AUTH_OIDC_ISSUER / AUTH_OIDC_ID / AUTH_OIDC_SECRET)" });
    }
    if (env.LETTA_BASE_URL && /\/v1\/?$/.test(env.LETTA_BASE_URL)) {
      ctx.addIssue({ code: "custom", path: ["LETTA_BASE_URL"], message: "must be the origin only (the SDK adds /v1)" });
    }
  })
  // A number for every route: Infinity when streams have no time limit.
  .transform(({ CHAT_STREAM_MAX_SECONDS: seconds, ...env }) => ({
    ...env,
    CHAT_STREAM_MAX_SECONDS: seconds === undefined ? (env.VERCEL ? 280 : Infinity) : seconds === "off" || seconds === 0 ? Infinity : seconds,
  }));

export type Env = z.output<typeof envSchema>;

/** Validates an env object, throwing one readable message that names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset: `.env` files often carry `FOO=` placeholders.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const message = issue.code === "invalid_type" && cleaned[name] === undefined ? "is required but not set" : issue.message;
    return `  - ${name} ${message}`;
  });
  throw new Error(`Invalid environment configuration (see .env.example):\n${lines.join("\n")}`);
}
