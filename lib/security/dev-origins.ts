// Which origins `next dev` serves its own resources to. Pure apart from reading the network interfaces;
// next.config.ts imports it through a relative path.
import os from "node:os";

/**
 * Hosts `next dev` serves its own resources (`/_next/*`, the HMR socket) to, besides localhost: loopback by
 * address, this machine's LAN addresses (the "Network" URL `npm run dev` prints) and DEV_ALLOWED_ORIGINS
 * (comma-separated hosts, `*.example.test` wildcards). Next refuses them to any other origin, which left a page
 * opened through http://127.0.0.1:3000 without its scripts. Development only; `next start` ignores it.
 */
export function devOrigins(extra = "", interfaces = os.networkInterfaces()): string[] {
  const lan = Object.values(interfaces).flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal)
    .map((a) => (a.family === "IPv6" ? `[${a.address.split("%")[0]}]` : a.address));
  const configured = extra.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  return [...new Set(["127.0.0.1", "[::1]", ...lan, ...configured])];
}
