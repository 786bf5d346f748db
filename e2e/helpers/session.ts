// Signed-in HTTP clients for API tests: the Auth.js credentials flow over HTTP
// (CSRF token, then the callback), exactly as a browser form post does it.
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { createUser } from "./db";

export type Persona = { id: string; email: string; password: string; api: APIRequestContext; cookie: string };

export async function signInOverHttp(baseURL: string, email: string, password: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status(), "credentials sign-in redirects").toBe(302);
  expect(response.headers().location ?? "", "no sign-in error").not.toContain("error");
  return api;
}

export async function persona(baseURL: string, options: Parameters<typeof createUser>[0] = {}): Promise<Persona> {
  const user = await createUser(options);
  const api = await signInOverHttp(baseURL, user.email, user.password);
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { ...user, api, cookie };
}

/** A client with no session at all. */
export function anonymous(baseURL: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL });
}

/** Fills in and submits the sign-in form (the outcome is the caller's to check). */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("auth-submit").click();
}

/** Signs in through the form and waits for the chat. */
export async function signInWithForm(page: Page, email: string, password: string) {
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL("/");
}
