import { randomBytes } from "node:crypto";

/** Random bytes drawn once for many ETags (a small PUT makes three; randomBytes per call cost ~15 µs each). */
const POOL_BYTES = 9 * 512;
let pool = Buffer.alloc(0);
let used = POOL_BYTES;

/** A fresh opaque ETag value, 72 random bits (quotes are added by protocols that need them). */
export function newEtag(): string {
  if (used === POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += 9;
  return pool.toString("base64url", used - 9, used);
}

/** Ancestor ids (including self) from a materialised path "/1/5/9/". */
export function idsOfPath(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}

export function childPath(parentPath: string, id: number): string {
  return `${parentPath}${id}/`;
}
