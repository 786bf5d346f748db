import "server-only";
import nodemailer from "nodemailer";
import type { Env } from "@/lib/env-schema";
import { env } from "@/lib/env";

// The mail gateway: the one importer of nodemailer. SMTP when SMTP_URL is set; in development without it, the
// mail is printed to the console (`npm run dev`'s output), link included; in production without it, mail is off
// and the features that need it say so.

export type Mail = { to: string; subject: string; text: string; html: string };
export type MailDelivery = "smtp" | "console" | "off";

export function mailDelivery(config: Pick<Env, "SMTP_URL" | "NODE_ENV"> = env()): MailDelivery {
  if (config.SMTP_URL) return "smtp";
  return config.NODE_ENV === "production" ? "off" : "console";
}

export async function sendMail(mail: Mail): Promise<void> {
  const config = env();
  const delivery = mailDelivery(config);
  if (delivery === "off") throw new Error("Mail is off: SMTP_URL is not set");
  if (delivery === "console") {
    console.log(`\n[mail] SMTP_URL is not set, so this email was not sent. It would have gone to ${mail.to}:\n` +
      `Subject: ${mail.subject}\n\n${mail.text}\n`);
    return;
  }
  // One connection per mail: nothing is kept in process memory between requests (and reset mails are rare).
  const transport = nodemailer.createTransport(config.SMTP_URL!, {
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({ from: config.EMAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  } finally {
    transport.close();
  }
}
