import type { GrantPermission, ShareMode } from "@/lib/domain/permissions";
import { DomainError } from "@/lib/domain/errors";
import { hasThumbnail } from "@/lib/domain/thumbnails";
import type { NodeRecord } from "@/lib/domain/types";

/** Nextcloud's share types that Haven maps: a user grant, a team grant (a "group"), a public link. */
export const SHARE_TYPE = { user: 0, group: 1, link: 3 } as const;

/** Nextcloud permission bits. */
export const PERM = { read: 1, update: 2, create: 4, delete: 8, share: 16 } as const;

/**
 * OCS share ids are numbers, while Haven keeps links and grants in two tables: grants get even ids, links odd ones,
 * so an id names its kind and never collides.
 */
export const shareIdOf = (kind: "grant" | "link", id: number) => (kind === "grant" ? id * 2 : id * 2 + 1);

export function parseShareId(value: string): { kind: "grant" | "link"; id: number } {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 2) throw new DomainError("NOT_FOUND", "Wrong share ID, share does not exist");
  return n % 2 === 0 ? { kind: "grant", id: n / 2 } : { kind: "link", id: (n - 1) / 2 };
}

/** A grant's permission as Nextcloud bits (edit on a folder: read, update, create, delete). */
export function grantPermissions(permission: GrantPermission, isFolder: boolean): number {
  if (permission === "view") return PERM.read;
  return isFolder ? PERM.read | PERM.update | PERM.create | PERM.delete : PERM.read | PERM.update;
}

/** Bits asked for a user or team share: anything beyond reading is Haven's "edit". */
export function grantPermissionOf(bits: number): GrantPermission {
  return bits & (PERM.update | PERM.create | PERM.delete) ? "edit" : "view";
}

/** A link's mode as Nextcloud bits: a file drop is create only, an editable folder read-write. */
export function linkPermissions(mode: ShareMode, isFolder: boolean): number {
  if (mode === "upload") return PERM.create;
  if (mode === "edit") return isFolder ? PERM.read | PERM.update | PERM.create | PERM.delete : PERM.read | PERM.update;
  return PERM.read;
}

/** The link mode for asked bits (or `publicUpload`): create only → drop box, read plus writing → edit, else view. */
export function linkModeOf(bits: number | null, publicUpload: boolean): ShareMode {
  if (publicUpload) return "edit";
  if (bits === null) return "view";
  if (!(bits & PERM.read) && bits & PERM.create) return "upload";
  return bits & (PERM.update | PERM.create | PERM.delete) ? "edit" : "view";
}

/** Nextcloud's date format for `stime`-adjacent fields: "2026-12-31 00:00:00". */
export function ncDate(date: Date | null): string | null {
  return date ? `${date.toISOString().slice(0, 10)} 00:00:00` : null;
}

/** `expireDate` as sent by the clients ("YYYY-MM-DD", maybe with a time); "" clears it. */
export function parseExpireDate(value: string | null): Date | null | undefined {
  if (value === null) return undefined;
  if (value.trim() === "") return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  const date = m ? new Date(`${m[1]}T23:59:59Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new DomainError("INVALID_INPUT", "Invalid date. Format must be YYYY-MM-DD");
  return date;
}

/** The node half of a share object. */
export function nodeFields(node: NodeRecord, path: string) {
  return {
    path,
    item_type: node.isFolder ? "folder" : "file",
    mimetype: node.isFolder ? "httpd/unix-directory" : (node.mimeType ?? "application/octet-stream"),
    storage_id: `home::${node.spaceId}`,
    storage: node.spaceId,
    item_source: node.id,
    file_source: node.id,
    file_parent: node.parentId,
    file_target: `/${path.split("/").filter(Boolean).at(-1) ?? ""}`,
    item_size: node.size,
    item_mtime: Math.floor(node.mtime.getTime() / 1000),
    has_preview: hasThumbnail(node),
  };
}
