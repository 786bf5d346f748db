import type { Metadata } from "next";
import { RESET_LINK_MINUTES } from "@/lib/auth/reset-link";
import { mailDelivery } from "@/lib/mail/mailer";
import { ForgotPasswordForm } from "../forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  return <ForgotPasswordForm minutes={RESET_LINK_MINUTES} devConsole={mailDelivery() === "console"} />;
}
