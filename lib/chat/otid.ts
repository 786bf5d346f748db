import "server-only";
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

// A message's otid is chosen by the browser, and Letta finds runs by otid (a retry with the same otid re-attaches to
// its run, a resume by otid replays it). A browser-chosen id must never reach Letta as it is: user B sending user A's
// otid would otherwise be led to A's run. So Letta sees the client's otid masked with a per-user secret: the same user
// and otid always give the same Letta otid (re-attach and resume still work), two users never share one, and nobody
// without AUTH_SECRET can compute another user's. The mask is an XOR, so the history can give the browser back the
// otid it chose (it matches its pending sends by it).

const masks = new Map<string, Buffer>();
const MAX_CACHED_MASKS = 10_000;

/** 16 bytes of HMAC(AUTH_SECRET, user id), with the UUID version and variant bits left clear so a v4 UUID stays v4. */
function maskFor(userId: string): Buffer {
  const secret = env().AUTH_SECRET;
  const id = `${secret}\0${userId}`;
  let mask = masks.get(id);
  if (!mask) {
    mask = createHmac("sha256", secret).update(`threadline-otid\0${userId}`).digest().subarray(0, 16);
    mask[6]! &= 0x0f; // version nibble
    mask[8]! &= 0x3f; // variant bits
    if (masks.size >= MAX_CACHED_MASKS) masks.clear();
    masks.set(id, mask);
  }
  return mask;
}

function xorUuid(uuid: string, mask: Buffer): string {
  const hex = uuid.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error("not a UUID");
  const bytes = Buffer.from(hex, "hex");
  for (let i = 0; i < 16; i++) bytes[i]! ^= mask[i]!;
  const out = bytes.toString("hex");
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/** The otid Letta sees for a message this user's browser sent with `clientOtid` (a UUID, validated by the route). */
export function lettaOtid({ userId, clientOtid }: { userId: string; clientOtid: string }): string {
  return xorUuid(clientOtid, maskFor(userId));
}

/** The browser's own otid for a user message Letta lists with `otid`; null if it is not a UUID. */
export function clientOtid({ userId, lettaOtid }: { userId: string; lettaOtid: string }): string | null {
  try {
    return xorUuid(lettaOtid, maskFor(userId));
  } catch {
    return null;
  }
}
