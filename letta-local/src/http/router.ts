import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import { Query, asObject, readJsonBody } from "./io";

export interface RouteContext {
  app: App;
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Query;
  /** The JSON body as an object (`{}` when absent). */
  body(): Promise<Record<string, unknown>>;
  /** The raw parsed JSON body (undefined when absent). */
  rawBody(): Promise<unknown>;
}

/** Returned by handlers that wrote the response themselves (SSE). */
export const RESPONDED = Symbol("responded");

export type Handler = (ctx: RouteContext) => Promise<unknown>;

interface CompiledRoute {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, segments: path.split("/").filter(Boolean), handler });
    return this;
  }

  /**
   * Trailing slashes are insignificant (R2): `/v1/agents/` and `/v1/agents` reach the same handler. Routes are tried
   * in registration order, so a literal route (`/v1/agents/count`) registered first wins over a parameter.
   * No match (wrong path or wrong method) is null: the server answers it as an unsupported endpoint.
   */
  match(method: string, pathname: string): { handler: Handler; params: Record<string, string> } | null {
    const segments = pathname.split("/").filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((pattern, i) => {
        const segment = segments[i] ?? "";
        if (pattern.startsWith(":")) {
          params[pattern.slice(1)] = safeDecode(segment);
          return true;
        }
        return pattern === segment;
      });
      if (ok) return { handler: route.handler, params };
    }
    return null;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function makeContext(app: App, req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL): RouteContext {
  let parsed: Promise<unknown> | undefined;
  const rawBody = () => (parsed ??= readJsonBody(req));
  return { app, req, res, params, query: new Query(url.searchParams), rawBody, body: async () => asObject(await rawBody()) };
}
