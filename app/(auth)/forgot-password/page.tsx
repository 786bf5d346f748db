import type { Metadata } from "next";
import { RESET_LINK_MINUTES } from "@/lib/auth/reset-link";
import { mailDelivery } from "@/lib/mail/mailer";
import { ForgotPasswordForm } from "../forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  const delivery = mailDelivery();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Enter the email you sign in with. We’ll send you a link to choose a new one.
      </p>
      <ForgotPasswordForm minutes={RESET_LINK_MINUTES} devConsole={delivery === "console"} />
    </>
  );
}
