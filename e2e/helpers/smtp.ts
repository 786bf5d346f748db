// A real SMTP server, in the test process (the `smtp-server` package), for the mail the app sends: point an
// instance at it with SMTP_URL (e2e/helpers/server.ts) and read what arrives. No TLS, no AUTH: it listens on
// 127.0.0.1 only.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string | null; to: string[]; raw: string; subject: string; text: string };

/** The body's text: quoted-printable soft breaks joined and `=XX` escapes decoded (enough for our ASCII mails). */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

export type MailServer = {
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first mail to `address` (already received or still to come). */
  waitForMail: (address: string) => Promise<ReceivedMail>;
  stop: () => Promise<void>;
};

export async function startMailServer(): Promise<MailServer> {
  const received: ReceivedMail[] = [];
  const waiters: Array<{ address: string; resolve: (mail: ReceivedMail) => void }> = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          subject: raw.match(/^Subject: (.*)$/m)?.[1]?.trim() ?? "",
          text: decodeQuotedPrintable(raw),
        };
        received.push(mail);
        for (const waiter of waiters.filter((w) => mail.to.includes(w.address))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(mail);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitForMail: (address) => {
      const lower = address.toLowerCase();
      const mail = received.find((m) => m.to.includes(lower));
      return mail ? Promise.resolve(mail) : new Promise((resolve) => waiters.push({ address: lower, resolve }));
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
