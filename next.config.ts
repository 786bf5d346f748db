import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The Letta key and database URL stay on the server: nothing here is exposed to the browser.
  serverExternalPackages: ["@node-rs/argon2"],
};

export default nextConfig;
