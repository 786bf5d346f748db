// The security headers as configured (lib/security/headers.ts, next.config.ts) and the dev server's allowed
// origins (lib/security/dev-origins.ts). e2e/security-headers.spec.ts checks what a running build sends.
import type os from "node:os";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { devOrigins } from "@/lib/security/dev-origins";
import { NON_PAGE_CSP, newNonce, oauthFormTargets, pageCsp } from "@/lib/security/headers";

const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

describe("the page CSP", () => {
  it("runs only scripts with the nonce (and what they load), and nothing inline or from elsewhere", () => {
    expect(directives(pageCsp({ nonce: "abc" }))).toEqual({
      "default-src": "'none'",
      "script-src": "'self' 'nonce-abc' 'strict-dynamic'",
      "style-src": "'self' 'nonce-abc'",
      "img-src": "'self' data:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "manifest-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "frame-ancestors": "'none'",
      "form-action": "'self'",
    });
  });

  it("allows eval (React's dev tooling) and inline styles (Next's dev overlay) in development only", () => {
    const dev = directives(pageCsp({ nonce: "abc", dev: true }));
    expect(dev["script-src"]).toBe("'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
    expect(dev["style-src"]).toBe("'self' 'unsafe-inline'");
    expect(pageCsp({ nonce: "abc" })).not.toContain("unsafe-");
  });

  it("lets OAuth forms leave for the configured providers", () => {
    const targets = oauthFormTargets({ AUTH_GITHUB_ID: "id", AUTH_GOOGLE_ID: "id", AUTH_OIDC_ID: "id", AUTH_OIDC_ISSUER: "https://sso.example.com/realms/x" });
    expect(targets).toEqual(["https://github.com", "https://accounts.google.com", "https://sso.example.com"]);
    expect(directives(pageCsp({ nonce: "n", formTargets: targets }))["form-action"]).toBe(`'self' ${targets.join(" ")}`);
    expect(oauthFormTargets({})).toEqual([]);
  });

  it("uses 128-bit nonces that never repeat", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("next.config.ts headers", () => {
  it("sends the static set everywhere, HSTS over https, no-store under /api and no-transform on the streams", async () => {
    const rules = await nextConfig.headers!();
    const everywhere = rules.find((r) => r.source === "/:path*" && !r.has)!;
    expect(Object.fromEntries(everywhere.headers.map((h) => [h.key, h.value]))).toMatchObject({
      "Content-Security-Policy": NON_PAGE_CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy": "same-origin",
      "X-Frame-Options": "DENY",
    });
    expect(everywhere.headers.find((h) => h.key === "Permissions-Policy")!.value).toMatch(/camera=\(\), .*microphone=\(\)/);
    const hsts = rules.find((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"))!;
    expect(hsts.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https(,.*)?" }]);
    const cacheControl = rules.filter((r) => r.headers.some((h) => h.key === "Cache-Control"))
      .map((r) => [r.source, r.headers.find((h) => h.key === "Cache-Control")!.value]);
    expect(cacheControl).toEqual([
      ["/api/:path*", "no-store"],
      ["/api/chat/messages", "no-store, no-transform"],
      ["/api/chat/stream", "no-store, no-transform"],
      ["/api/admin/users/:id/stream", "no-store, no-transform"],
    ]);
  });
});

describe("the dev server's allowed origins", () => {
  const iface = (address: string, family: "IPv4" | "IPv6", internal = false) => ({ address, family, internal }) as os.NetworkInterfaceInfo;

  it("are loopback by address, every LAN address and DEV_ALLOWED_ORIGINS", () => {
    const interfaces = {
      lo: [iface("127.0.0.1", "IPv4", true), iface("::1", "IPv6", true)],
      eth0: [iface("192.168.1.20", "IPv4"), iface("fe80::1%eth0", "IPv6")],
    };
    expect(devOrigins(" devbox.local, *.example.test ,", interfaces)).toEqual([
      "127.0.0.1", "[::1]", "192.168.1.20", "[fe80::1]", "devbox.local", "*.example.test",
    ]);
  });

  it("are in the config next dev reads", () => {
    expect(nextConfig.allowedDevOrigins).toContain("127.0.0.1");
  });
});
