import type { Metadata } from "next";
import { RESET_LINK_MINUTES } from "@/lib/auth/reset-link";
import { mailDelivery } from "@/lib/mail/mailer";
import { ForgotPasswordForm } from "../forgot-password-form";
import { getMessages } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.forgot.title };
}

export default async function ForgotPasswordPage() {
  return <ForgotPasswordForm minutes={RESET_LINK_MINUTES} devConsole={mailDelivery() === "console"} />;
}
