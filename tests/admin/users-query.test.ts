// The admin users list against a real Postgres: keyset pages cover every row
// exactly once, in order, through ties in both sort keys and across the
// activity sort's two phases; search is a case-insensitive prefix match.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usersPage } from "@/lib/admin/users";
import { db } from "@/lib/db/client";
import type { AdminUserRow } from "@/lib/db/admin-users";
import type { UserSort } from "@/lib/admin/user-cursor";
import { AppError } from "@/lib/errors";

// Ids and emails carry a per-run tag, and every query searches by it, so other test files' users never show up.
const tag = `kq${randomUUID().replace(/-/g, "").slice(0, 10)}`;
const T = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute, 0, 0));

type Seed = { n: number; createdAt: Date; lastMessageAt?: Date | null; name?: string };
// Ties on purpose: three users share a last message time, three share a sign-up time
// (two of them idle), and one has a conversation but no message yet (lastMessageAt null).
const SEEDS: Seed[] = [
  { n: 1, createdAt: T(1), lastMessageAt: T(500) },
  { n: 2, createdAt: T(2), lastMessageAt: T(500) },
  { n: 3, createdAt: T(3), lastMessageAt: T(500) },
  { n: 4, createdAt: T(4), lastMessageAt: T(400) },
  { n: 5, createdAt: T(10), lastMessageAt: T(900) },
  { n: 6, createdAt: T(10), lastMessageAt: null },
  { n: 7, createdAt: T(10) },
  { n: 8, createdAt: T(20) },
  { n: 9, createdAt: T(5), lastMessageAt: T(400) },
  { n: 10, createdAt: T(30), name: "Zoë Ünal" },
  { n: 11, createdAt: T(30) },
];
const idOf = (n: number) => `${tag}u${String(n).padStart(2, "0")}`;

beforeAll(async () => {
  for (const seed of SEEDS) {
    await db.user.create({
      data: {
        id: idOf(seed.n), email: `${tag}-${seed.n}@example.com`, name: seed.name ?? `Kq Person ${seed.n}`, createdAt: seed.createdAt,
        ...(seed.lastMessageAt !== undefined
          ? { conversation: { create: { lettaConversationId: `conv-${randomUUID()}`, agentId: "agent-test", lastMessageAt: seed.lastMessageAt, messageCount: seed.n } } }
          : {}),
      },
    });
  }
});
afterAll(() => db.$disconnect());

async function walk(sort: UserSort, limit: number, q = tag): Promise<AdminUserRow[]> {
  const seen: AdminUserRow[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await usersPage({ q, sort, cursor, limit });
    expect(page.users.length).toBeLessThanOrEqual(limit);
    seen.push(...page.users);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
function expectedActivity(): string[] {
  const active = SEEDS.filter((s) => s.lastMessageAt).sort((a, b) => b.lastMessageAt!.getTime() - a.lastMessageAt!.getTime() || desc(idOf(a.n), idOf(b.n)));
  const idle = SEEDS.filter((s) => !s.lastMessageAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || desc(idOf(a.n), idOf(b.n)));
  return [...active, ...idle].map((s) => idOf(s.n));
}
function expectedJoined(): string[] {
  return [...SEEDS].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || desc(idOf(a.n), idOf(b.n))).map((s) => idOf(s.n));
}

describe("users list keyset pagination", () => {
  for (const limit of [1, 2, 3, 4, 7, 50]) {
    it(`by last activity, ${limit} per page: every user once, active newest first, then idle by sign-up`, async () => {
      const ids = (await walk("activity", limit)).map((u) => u.id);
      expect(ids).toEqual(expectedActivity());
    });
    it(`by sign-up date, ${limit} per page: every user once, newest first, ties by id`, async () => {
      const ids = (await walk("joined", limit)).map((u) => u.id);
      expect(ids).toEqual(expectedJoined());
    });
  }

  it("returns each row's activity facts", async () => {
    const [first] = (await usersPage({ q: tag, sort: "activity", limit: 1 })).users;
    expect(first).toEqual({
      id: idOf(5), email: `${tag}-5@example.com`, name: "Kq Person 5", role: "USER", disabled: false,
      createdAt: T(10), lastMessageAt: T(900), messageCount: 5,
    });
    const never = (await walk("joined", 50)).find((u) => u.id === idOf(8))!;
    expect(never.lastMessageAt).toBeNull();
    expect(never.messageCount).toBe(0);
  });

  it("says there is no next page when the last page is exactly full", async () => {
    const page = await usersPage({ q: tag, sort: "joined", limit: SEEDS.length });
    expect(page.users).toHaveLength(SEEDS.length);
    expect(page.nextCursor).toBeNull();
  });

  it("refuses a tampered cursor or one from the other sort order with a 400", async () => {
    const { nextCursor } = await usersPage({ q: tag, sort: "joined", limit: 2 });
    for (const [cursor, sort] of [[nextCursor!, "activity"], ["not-a-cursor", "joined"], [Buffer.from("{\"s\":\"joined\"}").toString("base64url"), "joined"]] as const) {
      const error = await usersPage({ q: tag, sort, cursor, limit: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("bad_request:admin");
    }
  });
});

describe("users search", () => {
  it("matches an email prefix, case-insensitively", async () => {
    const ids = (await walk("joined", 50, `${tag.toUpperCase()}-1`)).map((u) => u.id).sort();
    expect(ids).toEqual([idOf(1), idOf(10), idOf(11)]);
  });

  it("matches a name prefix, case-insensitively, with non-ASCII letters", async () => {
    const ids = (await walk("joined", 50, "ZOË Ü")).map((u) => u.id);
    expect(ids).toContain(idOf(10));
    expect(ids.every((id) => !id.startsWith(tag) || id === idOf(10))).toBe(true);
  });

  it("treats LIKE wildcards in the query literally", async () => {
    expect((await usersPage({ q: `${tag}-%`, sort: "joined", limit: 50 })).users).toEqual([]);
    expect((await usersPage({ q: `${tag}_1`, sort: "joined", limit: 50 })).users).toEqual([]);
  });

  it("finds nothing for a prefix no one has", async () => {
    expect((await usersPage({ q: `${tag}-zzz`, sort: "activity", limit: 50 })).users).toEqual([]);
  });
});
