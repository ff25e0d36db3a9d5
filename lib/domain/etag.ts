import { randomBytes } from "node:crypto";

/** A fresh opaque ETag value (quotes are added by protocols that need them). */
export function newEtag(): string {
  return randomBytes(9).toString("base64url");
}

/** Ancestor ids (including self) from a materialised path "/1/5/9/". */
export function idsOfPath(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}

export function childPath(parentPath: string, id: number): string {
  return `${parentPath}${id}/`;
}
