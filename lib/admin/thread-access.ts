import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// The privacy switch: ADMIN_THREAD_ACCESS=off stops admins reading users' threads
// (pages and APIs), while account management keeps working.

export const THREAD_ACCESS_OFF =
  "Reading users' threads is turned off in this deployment (ADMIN_THREAD_ACCESS=off). Managing accounts still works.";

export function threadAccessEnabled(): boolean {
  return env().ADMIN_THREAD_ACCESS;
}

export function assertThreadAccess(): void {
  if (!threadAccessEnabled()) throw new AppError("forbidden:admin", THREAD_ACCESS_OFF);
}
