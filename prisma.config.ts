// Prisma 7 reads its datasource here. `process.env` (not `env()`), so that
// `prisma generate` works without a database URL.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
});
