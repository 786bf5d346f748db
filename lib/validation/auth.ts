// Sign-up and sign-in input rules, shared by the server actions and Auth.js's authorize().
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "./text";
import { PASSWORD_MIN } from "./password-min";

export { PASSWORD_MIN };
const COMMON_PASSWORDS = new Set([
  "password", "password1", "password12", "password123", "1234567890", "12345678910", "qwertyuiop", "iloveyou12",
  "letmein123", "welcome123", "admin12345", "passw0rd12", "abc1234567", "qwerty1234", "0987654321", "1q2w3e4r5t",
]);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, email = ""): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > 256) return "Use at most 256 characters.";
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "That password is too common. Choose another.";
  if (new Set(password).size < 5) return "Use more varied characters.";
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 4 && password.toLowerCase().includes(local)) return "Don't include your email address in your password.";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2 && password.length < 16) return "Mix letters with numbers or symbols, or use 16+ characters.";
  return null;
}

export const signUpSchema = z
  .object({
    name: z.string().trim().max(100, "Use at most 100 characters for your name.")
      .refine(isStorableText, `Your name ${UNSTORABLE_TEXT}`).optional().default(""),
    email: emailSchema,
    password: z.string().max(256, "Use at most 256 characters."),
  })
  .superRefine((value, ctx) => {
    const weakness = passwordWeakness(value.password, value.email);
    if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
  });

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(256),
});
