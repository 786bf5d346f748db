// What /api/account/* answers: isomorphic (no server-only import), read by the routes and the browser alike.

/** One admin read of the signed-in user's own thread, from the audit log. */
export type ThreadReadJson = {
  id: string;
  /** read: a page of the thread; followed: a reply in progress, watched live. */
  kind: "read" | "followed";
  /** The admin as they are now, else the email recorded with the read (`deleted`: their account is gone). */
  admin: { name: string | null; email: string | null; deleted: boolean };
  at: string;
};
export type ThreadReadsPage = { reads: ThreadReadJson[]; nextCursor: string | null };
