import "server-only";
import { pool } from "./client";

/** One round trip to Postgres (for /api/ready). Throws when the database does not answer within `timeoutMs`. */
export async function pingDatabase({ timeoutMs }: { timeoutMs: number }): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pool().query("SELECT 1"), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
