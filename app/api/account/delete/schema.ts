import { z } from "zod";

/** The confirmation: the account's password, or (accounts without one) its email typed out. */
export const deleteAccountSchema = z.object({
  password: z.string().max(1000, "That password is too long.").optional(),
  email: z.string().max(320, "That email is too long.").optional(),
}, { error: "Send the confirmation as a JSON object." });
export type DeleteAccountBody = z.infer<typeof deleteAccountSchema>;
