// How a failed database call reaches the user: an outage is a clear 503, a bug a generic 500.
import { describe, expect, it } from "vitest";
import { databaseError } from "@/lib/db/errors";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("databaseError", () => {
  it("calls Postgres being down, unreachable, restarting or out of connections an outage (503)", () => {
    for (const cause of [
      withCode("ECONNREFUSED"), withCode("ETIMEDOUT"), withCode("57P01", "terminating connection due to administrator command"),
      withCode("53300", "too many connections"), withCode("08006"), new Error("Connection terminated unexpectedly"),
      new Error("wrapped", { cause: withCode("ECONNRESET") }),
    ]) {
      const error = databaseError(cause);
      expect(error.code, String(cause)).toBe("offline:database");
      expect(error.status).toBe(503);
      expect(error.publicMessage).toBe("Threadline can't reach its database right now. Please try again in a moment.");
    }
  });

  it("calls anything else our bug (500, generic message), and keeps the cause for the log", () => {
    const cause = withCode("42P01", 'relation "Nope" does not exist');
    const error = databaseError(cause);
    expect(error.code).toBe("internal:database");
    expect(error.status).toBe(500);
    expect(error.publicMessage).toBe("Something went wrong on our side. Please try again.");
    expect(error.cause).toBe(cause);
  });
});
