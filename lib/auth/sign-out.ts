"use server";

// The header's "Sign out" button (a server action): here rather than in app/(auth)/actions.ts,
// because components/ import nothing from app/.
import { signOut } from "@/auth";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
