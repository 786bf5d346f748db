import "server-only";
import { parseEnv, type Env } from "./env-schema";

let cached: Env | undefined;

/** The validated environment. Server code reads this, never `process.env`. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
