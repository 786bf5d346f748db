import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const abs = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": abs("./"),
      // `server-only` throws outside a React Server bundle; tests import server modules directly.
      "server-only": abs("./node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "letta-local/tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one Postgres; files run in parallel, each with its own data.
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
  },
});
