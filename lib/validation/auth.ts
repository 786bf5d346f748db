// Sign-up and sign-in input rules, shared by the server actions and Auth.js's authorize().
// Refusals are codes (keys of the catalogue's auth.issues, lib/i18n/messages/en.auth.ts), worded by issueText()
// in the reader's language where they are shown.
import { z } from "zod";
import type { Messages } from "@/lib/i18n";
import { isStorableText } from "./text";
import { PASSWORD_MIN } from "./password-min";

export type AuthIssue = Exclude<keyof Messages["auth"]["issues"], "invalid">;
const issue = (code: AuthIssue) => code;

/** The words for a refusal code (a zod issue's message); anything else (zod's own) reads as a generic refusal. */
export function issueText(code: string, m: Messages["auth"]["issues"]): string {
  if (code === "passwordShort") return m.passwordShort(PASSWORD_MIN);
  const text = Object.hasOwn(m, code) ? m[code as keyof typeof m] : m.invalid;
  return typeof text === "string" ? text : m.invalid;
}

export { PASSWORD_MIN };
const COMMON_PASSWORDS = new Set([
  "password", "password1", "password12", "password123", "1234567890", "12345678910", "qwertyuiop", "iloveyou12",
  "letmein123", "welcome123", "admin12345", "passw0rd12", "abc1234567", "qwerty1234", "0987654321", "1q2w3e4r5t",
]);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, issue("emailEmpty"))
  .max(254, issue("emailTooLong"))
  .pipe(z.email(issue("emailInvalid")));

/** Why a password is too weak (an issue code, see issueText), or null when it is acceptable. */
export function passwordWeakness(password: string, email = ""): AuthIssue | null {
  if (password.length < PASSWORD_MIN) return "passwordShort";
  if (password.length > 256) return "passwordLong";
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "passwordCommon";
  if (new Set(password).size < 5) return "passwordRepetitive";
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 4 && password.toLowerCase().includes(local)) return "passwordHasEmail";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2 && password.length < 16) return "passwordMix";
  return null;
}

export const signUpSchema = z
  .object({
    name: z.string().trim().max(100, issue("nameTooLong"))
      .refine(isStorableText, issue("nameUnstorable")).optional().default(""),
    email: emailSchema,
    password: z.string().max(256, issue("passwordLong")),
  })
  .superRefine((value, ctx) => {
    const weakness = passwordWeakness(value.password, value.email);
    if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
  });

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, issue("passwordEmpty")).max(256, issue("passwordLong")),
});
