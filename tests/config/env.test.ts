import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app", AUTH_SECRET: "0123456789abcdef0123", LETTA_BASE_URL: "http://127.0.0.1:8283" };

describe("environment validation", () => {
  it("accepts a minimal configuration and applies defaults", () => {
    const env = parseEnv(base);
    expect(env.LETTA_AGENT_NAME).toBe("threadline");
    expect(env.ADMIN_EMAILS).toEqual([]);
    expect(env.ADMIN_THREAD_ACCESS).toBe(true);
  });

  it("names a missing variable", () => {
    expect(() => parseEnv({ AUTH_SECRET: base.AUTH_SECRET })).toThrowError(/DATABASE_URL is required but not set/);
  });

  it("names every bad variable in one message", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(message).toMatch(/AUTH_SECRET must be at least 16 characters/);
  });

  it("treats empty strings as unset", () => {
    expect(() => parseEnv({ ...base, DATABASE_URL: "" })).toThrowError(/DATABASE_URL is required/);
    expect(parseEnv({ ...base, LETTA_API_KEY: "" }).LETTA_API_KEY).toBeUndefined();
  });

  it("requires OAuth client ids and secrets in pairs", () => {
    expect(() => parseEnv({ ...base, AUTH_GITHUB_ID: "id" })).toThrowError(/AUTH_GITHUB_SECRET is required when AUTH_GITHUB_ID is set/);
    expect(() => parseEnv({ ...base, AUTH_OIDC_ID: "id", AUTH_OIDC_SECRET: "s" })).toThrowError(/AUTH_OIDC_ISSUER is required/);
  });

  it("rejects a Letta base URL that ends in /v1", () => {
    expect(() => parseEnv({ ...base, LETTA_BASE_URL: "https://api.letta.com/v1" })).toThrowError(/LETTA_BASE_URL must be the origin only/);
  });

  it("parses admin emails and the thread-access switch", () => {
    const env = parseEnv({ ...base, ADMIN_EMAILS: " Boss@Example.com, ops@example.com ,", ADMIN_THREAD_ACCESS: "off" });
    expect(env.ADMIN_EMAILS).toEqual(["boss@example.com", "ops@example.com"]);
    expect(env.ADMIN_THREAD_ACCESS).toBe(false);
  });
});

describe("chat stream time limit", () => {
  it("hands off at 280 s on Vercel and never on a long-running server, unless set", () => {
    expect(parseEnv(base).CHAT_STREAM_MAX_SECONDS).toBe(Infinity);
    expect(parseEnv({ ...base, VERCEL: "1" }).CHAT_STREAM_MAX_SECONDS).toBe(280);
    expect(parseEnv({ ...base, VERCEL: "1", CHAT_STREAM_MAX_SECONDS: "55" }).CHAT_STREAM_MAX_SECONDS).toBe(55);
    expect(parseEnv({ ...base, CHAT_STREAM_MAX_SECONDS: "120" }).CHAT_STREAM_MAX_SECONDS).toBe(120);
  });

  it("turns the limit off with 0 or off", () => {
    expect(parseEnv({ ...base, VERCEL: "1", CHAT_STREAM_MAX_SECONDS: "0" }).CHAT_STREAM_MAX_SECONDS).toBe(Infinity);
    expect(parseEnv({ ...base, VERCEL: "1", CHAT_STREAM_MAX_SECONDS: "off" }).CHAT_STREAM_MAX_SECONDS).toBe(Infinity);
  });

  it("rejects a limit too short to stream anything", () => {
    expect(() => parseEnv({ ...base, CHAT_STREAM_MAX_SECONDS: "3" })).toThrowError(/CHAT_STREAM_MAX_SECONDS must be 0 or off \(no limit\), or 5 to 800/);
  });
});

describe("Letta connection", () => {
  const { LETTA_BASE_URL: _unused, ...withoutLetta } = { LETTA_BASE_URL: "", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app", AUTH_SECRET: "0123456789abcdef0123" };

  it("requires a Letta API key or base URL", () => {
    expect(() => parseEnv(withoutLetta)).toThrowError(/LETTA_API_KEY or LETTA_BASE_URL is required/);
  });

  it("accepts Letta Cloud with only an API key", () => {
    expect(parseEnv({ ...withoutLetta, LETTA_API_KEY: "sk-let-123" }).LETTA_API_KEY).toBe("sk-let-123");
  });

  it("rejects a model that is not a provider/model handle", () => {
    expect(() => parseEnv({ ...withoutLetta, LETTA_API_KEY: "k", LETTA_AGENT_MODEL: "gpt4" })).toThrowError(/LETTA_AGENT_MODEL must be a provider\/model handle/);
  });

  it("usage budgets: unlimited by default, 0 is unlimited, whole non-negative numbers otherwise", () => {
    const env = parseEnv(base);
    expect([env.CHAT_MESSAGES_PER_DAY, env.CHAT_TOKENS_PER_DAY, env.CHAT_TOKENS_PER_MONTH]).toEqual([null, null, null]);
    expect([env.CHAT_ADMIN_MESSAGES_PER_DAY, env.CHAT_ADMIN_TOKENS_PER_DAY, env.CHAT_ADMIN_TOKENS_PER_MONTH]).toEqual([null, null, null]);
    expect(env.CHAT_MESSAGES_PER_MINUTE).toBe(20);
    const set = parseEnv({ ...base, CHAT_MESSAGES_PER_DAY: "200", CHAT_TOKENS_PER_MONTH: "0", CHAT_ADMIN_TOKENS_PER_DAY: "5000000", CHAT_MESSAGES_PER_MINUTE: "5" });
    expect([set.CHAT_MESSAGES_PER_DAY, set.CHAT_TOKENS_PER_MONTH, set.CHAT_ADMIN_TOKENS_PER_DAY, set.CHAT_MESSAGES_PER_MINUTE]).toEqual([200, null, 5_000_000, 5]);
    expect(() => parseEnv({ ...base, CHAT_TOKENS_PER_DAY: "-1" })).toThrowError(/CHAT_TOKENS_PER_DAY must be 0 \(unlimited\) or more/);
    expect(() => parseEnv({ ...base, CHAT_MESSAGES_PER_DAY: "1.5" })).toThrowError(/CHAT_MESSAGES_PER_DAY must be a whole number \(0 = unlimited\)/);
    expect(() => parseEnv({ ...base, CHAT_ADMIN_MESSAGES_PER_DAY: "lots" })).toThrowError(/CHAT_ADMIN_MESSAGES_PER_DAY must be a whole number/);
    expect(() => parseEnv({ ...base, CHAT_MESSAGES_PER_MINUTE: "0" })).toThrowError(/CHAT_MESSAGES_PER_MINUTE must be a whole number from 1 to 10000/);
    expect(() => parseEnv({ ...base, CRON_SECRET: "short" })).toThrowError(/CRON_SECRET must be at least 16 characters/);
  });
});
