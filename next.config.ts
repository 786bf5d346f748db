import type { NextConfig } from "next";
import { devOrigins } from "./lib/security/dev-origins";
import { API_CACHE_CONTROL, HSTS_HEADER, SECURITY_HEADERS, STREAM_CACHE_CONTROL, STREAM_PATHS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `next dev` opened through 127.0.0.1 or a LAN address (lib/security/dev-origins.ts).
  allowedDevOrigins: devOrigins(process.env.DEV_ALLOWED_ORIGINS),
  // Every response, pages, API, static files, errors and not-found alike (lib/security/headers.ts). proxy.ts then
  // replaces the CSP of HTML pages with one that carries the request's nonce.
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // Behind a TLS-terminating proxy or platform (Vercel) the request says it came over https.
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https(,.*)?" }], headers: [HSTS_HEADER] },
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: API_CACHE_CONTROL }] },
      // Later rules win: the streaming paths keep no-transform.
      ...STREAM_PATHS.map((source) => ({ source, headers: [{ key: "Cache-Control", value: STREAM_CACHE_CONTROL }] })),
    ];
  },
  // argon2's native binding must be loaded by Node, not bundled.
  serverExternalPackages: ["@node-rs/argon2"],
  // lib/agent/config.ts reads agent.yaml and the files it references at run time; tracing cannot see those reads,
  // so ship them with every route. Keep referenced files under agent/ (the loader refuses paths outside its folder).
  outputFileTracingIncludes: { "/*": ["./agent.yaml", "./agent/**/*"] },
  // `npm test` type-checks once with tsc before building; it sets this flag so the build does not do it again.
  typescript: { ignoreBuildErrors: process.env.SKIP_BUILD_TYPECHECK === "1" },
  // `BUNDLE_SOURCEMAPS=1 next build` then `node scripts/bundle-weights.mjs`: what each library weighs in the
  // browser's JavaScript (bench/README.md). Off by default: the maps would be served to anyone.
  productionBrowserSourceMaps: process.env.BUNDLE_SOURCEMAPS === "1",
};

export default nextConfig;
