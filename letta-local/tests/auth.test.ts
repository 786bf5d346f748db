import { afterAll, beforeAll, expect, it } from "vitest";
import { AuthenticationError } from "@letta-ai/letta-client";
import { makeClient, rawJson, startTestServer, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ apiKey: "sekret" });
});
afterAll(async () => t?.close());

it("requires the bearer key on every route except health (R3)", async () => {
  const wrong = makeClient(t.server.url, "wrong");
  await expect(wrong.agents.list()).rejects.toBeInstanceOf(AuthenticationError);
  const missing = await rawJson(`${t.server.url}/v1/agents/`);
  expect(missing).toEqual({ status: 401, body: { detail: "Unauthorized" } });
  const control = await rawJson(`${t.server.url}/_control/faults`);
  expect(control.status).toBe(401);
  expect((await rawJson(`${t.server.url}/v1/health/`)).status).toBe(200);
  const right = makeClient(t.server.url, "sekret");
  const agent = await right.agents.create({ name: "authed" });
  expect(agent.name).toBe("authed");
});

it("accepts any headers the SDK sends, including x-project", async () => {
  const { status } = await rawJson(`${t.server.url}/v1/agents/`, {
    headers: { authorization: "Bearer sekret", "x-project": "p", "x-project-id": "id", "x-stainless-lang": "js" },
  });
  expect(status).toBe(200);
});
