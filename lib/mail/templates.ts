// The emails Threadline sends, as text and HTML. Pure: no imports, unit-testable.

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function layout(paragraphs: string[], button?: { href: string; label: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${p}</p>`).join("");
  const cta = button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(button.href)}" style="background:#4f46e5;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(button.label)}</a></p>`
    : "";
  return `<!doctype html><html><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#18181b">` +
    `<div style="max-width:480px;margin:0 auto;background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:24px">` +
    `<p style="margin:0 0 20px;font-weight:700;font-size:18px">Threadline</p>${body.replace("{{button}}", cta)}</div></body></html>`;
}

export function passwordResetMail({ to, link, minutes }: { to: string; link: string; minutes: number }) {
  const subject = "Reset your Threadline password";
  const text = [
    "Someone (hopefully you) asked to reset the password of your Threadline account.",
    `Choose a new password here (the link works once, within ${minutes} minutes):`,
    link,
    "Setting a new password signs you out on every browser and device.",
    "If you didn't ask for this, ignore this email: your password stays as it is.",
  ].join("\n\n");
  const html = layout([
    "Someone (hopefully you) asked to reset the password of your Threadline account.",
    `Choose a new password with the button below. The link works once, within ${minutes} minutes.{{button}}`,
    `Or paste this address into your browser:<br><span style="word-break:break-all;color:#52525b">${escapeHtml(link)}</span>`,
    "Setting a new password signs you out on every browser and device. If you didn't ask for this, ignore this email: your password stays as it is.",
  ], { href: link, label: "Choose a new password" });
  return { to, subject, text, html };
}

/** For an account that signs in through an identity provider: there is no password to reset. */
export function noPasswordMail({ to, signInUrl, providers }: { to: string; signInUrl: string; providers: string[] }) {
  const how = providers.length ? `with ${providers.join(" or ")}` : "through your identity provider";
  const subject = "About your Threadline password";
  const text = [
    "Someone (hopefully you) asked to reset the password of your Threadline account.",
    `Your account has no password: you sign in ${how}. Sign in here:`,
    signInUrl,
    "If you didn't ask for this, ignore this email. Nothing was changed.",
  ].join("\n\n");
  const html = layout([
    "Someone (hopefully you) asked to reset the password of your Threadline account.",
    `Your account has no password: you sign in ${escapeHtml(how)}.{{button}}`,
    "If you didn't ask for this, ignore this email. Nothing was changed.",
  ], { href: signInUrl, label: "Go to sign in" });
  return { to, subject, text, html };
}
