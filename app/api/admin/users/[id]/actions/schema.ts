import { z } from "zod";
import { ACCOUNT_ACTIONS } from "@/lib/admin/account-actions";

export const accountActionSchema = z.object({
  action: z.enum(ACCOUNT_ACTIONS, { error: `action must be one of: ${ACCOUNT_ACTIONS.join(", ")}.` }),
});
export type AccountActionBody = z.infer<typeof accountActionSchema>;
