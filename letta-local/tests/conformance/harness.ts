import Letta from "@letta-ai/letta-client";
import { expect } from "vitest";
import type { TestServer } from "../helpers";

/** One HTTP exchange the SDK made: the conformance suite checks every claimed method got a 2xx through the SDK. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
}

export interface Conformance {
  /** The SDK client the suites use; it records which SDK methods they call. */
  sdk: Letta;
  server: TestServer;
  called: Set<string>;
  exchanges: Exchange[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resource = Record<string, any>;

/** Wraps the client so that every SDK method call is recorded by name (`agents.messages.create`). */
function recording(client: Letta, called: Set<string>): Letta {
  const wrap = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof key !== "string" || key.startsWith("_")) return value;
        const name = prefix ? `${prefix}.${key}` : key;
        if (typeof value === "function") {
          return (...args: unknown[]) => {
            called.add(name);
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        return value && typeof value === "object" && "_client" in value ? wrap(value as Resource, name) : value;
      },
    });
  return wrap(client, "");
}

export function conformanceClient(server: TestServer): Conformance {
  const called = new Set<string>();
  const exchanges: Exchange[] = [];
  const client = new Letta({
    baseURL: server.server.url,
    apiKey: "conformance",
    maxRetries: 0,
    fetch: async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const response = await fetch(input, init);
      exchanges.push({ method: init?.method ?? "GET", path: new URL(String(input)).pathname, status: response.status });
      return response;
    },
  });
  return { sdk: recording(client, called), server, called, exchanges };
}

/** `GET /v1/agents/{agent_id}/core-memory/blocks/{id}` as a matcher for exchanged paths (placeholders match a segment). */
export function routeMatcher(route: string): (exchange: Exchange) => boolean {
  const [method, path = ""] = route.split(" ");
  const pattern = new RegExp(`^${path.replace(/\/$/, "").split("/").map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("/")}/?$`);
  return (exchange) => exchange.method === method && pattern.test(exchange.path);
}

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;
type Kind = "string" | "number" | "boolean" | "object" | "array" | "null";
type Kinds = Kind | readonly Kind[];

const kindOf = (value: unknown): Kind | "undefined" =>
  value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as Kind | "undefined");

/**
 * A response checked against an SDK type: `required` must name exactly the type's required fields (the compiler
 * holds the test to the SDK's own declaration), and each must be present at runtime with one of the given JSON
 * kinds; `optional` fields, when listed, must have one of theirs if present.
 */
export function expectShape<T>(value: T, required: { [K in RequiredKeys<T>]: Kinds }, optional: { [K in OptionalKeys<T>]?: Kinds } = {}): void {
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const check = (fields: Record<string, Kinds | undefined>, mustExist: boolean) => {
    for (const [key, kinds] of Object.entries(fields)) {
      if (!kinds) continue;
      const kind = kindOf(record[key]);
      if (kind === "undefined" && !mustExist) continue;
      const allowed: readonly Kind[] = typeof kinds === "string" ? [kinds] : kinds;
      if (!allowed.includes(kind as Kind)) problems.push(`${key}: ${kind}, expected ${allowed.join(" | ")}`);
    }
  };
  check(required as Record<string, Kinds>, true);
  check(optional as Record<string, Kinds | undefined>, false);
  expect(problems, JSON.stringify(value).slice(0, 400)).toEqual([]);
}

/** Follows an SDK page to its end: the last page is empty (R36), and the pages hold `expected` items in all. */
export async function expectPagesEnd<Item, P extends { getPaginatedItems(): Item[]; hasNextPage(): boolean; getNextPage(): Promise<P> }>(
  first: P,
  expected: number,
): Promise<Item[]> {
  const items: Item[] = [];
  let page = first;
  for (let guard = 0; ; guard++) {
    items.push(...page.getPaginatedItems());
    if (!page.hasNextPage()) break;
    if (guard > 200) throw new Error("pagination does not end");
    page = await page.getNextPage();
  }
  expect(page.getPaginatedItems()).toEqual([]);
  expect(items).toHaveLength(expected);
  return items;
}
