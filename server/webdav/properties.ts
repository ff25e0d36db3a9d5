import { ocFileId } from "@/lib/domain/file-id";
import type { DavLockRecord } from "@/lib/services/lock.service";
import type { NodeEntry } from "@/lib/services/file.service";
import type { ShareKind } from "@/lib/services/node-marks.service";
import type { DeadPropertyRecord } from "@/lib/repositories/dead-property.repository";
import { thumbnailSource } from "@/lib/domain/thumbnails";
import type { MountType } from "./places";
import { DAV_NS, NC_NS, OC_NS, emptyProp, esc, propTags } from "./xml";

/** What a live property is computed from. */
export interface PropSubject {
  entry: NodeEntry;
  href: string;
  /** active locks covering the resource */
  locks: DavLockRecord[];
  /** href of a lock's root, from its space path */
  lockHref: (path: string) => string;
  quota: { used: number; available: number | null };
  dead: DeadPropertyRecord[];
  now: Date;
  /** the actor's star (oc:favorite), looked up only when the request names it */
  favorite?: boolean;
  /** how the node is shared (oc:share-types), looked up only when the request names it */
  shareKinds?: ReadonlySet<ShareKind>;
  /** nc:mount-type (see MountType in places.ts): "group" in a team space, "shared" in what others share, else "" */
  mountType?: MountType;
}

type Render = (s: PropSubject) => string | null;

const key = (ns: string, local: string) => `${ns}\n${local}`;

const SUPPORTED_LOCK =
  "<d:lockentry><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>" +
  "<d:lockentry><d:lockscope><d:shared/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>";

/** One <d:activelock> (lockdiscovery, and the LOCK response). */
export function activeLock(lock: DavLockRecord, lockHref: string, now: Date): string {
  const seconds = Math.max(0, Math.ceil((lock.expiresAt.getTime() - now.getTime()) / 1000));
  return (
    `<d:activelock><d:locktype><d:write/></d:locktype><d:lockscope><d:${lock.scope}/></d:lockscope>` +
    `<d:depth>${lock.deep ? "infinity" : "0"}</d:depth>${lock.owner !== null ? `<d:owner>${lock.owner}</d:owner>` : ""}` +
    `<d:timeout>Second-${seconds}</d:timeout><d:locktoken><d:href>${esc(lock.token)}</d:href></d:locktoken>` +
    `<d:lockroot><d:href>${esc(lockHref)}</d:href></d:lockroot></d:activelock>`
  );
}

/**
 * ownCloud permission letters, in Nextcloud's order: S shared with the user (a received share's storage), R share,
 * M mounted (a group folder or external storage: any mount but the home and received shares), G read, D delete,
 * N rename, V move, W write (file), C/K create (folder). S and M come from the mount type: what is in "Shared with me"
 * is S, a team space (a group folder) and everything in it M.
 */
export function ocPermissions(e: NodeEntry, mountType: MountType = ""): string {
  let p = mountType === "shared" ? "S" : "";
  if (e.rights.share) p += "R";
  if (mountType === "group") p += "M";
  if (e.rights.read) p += "G";
  if (e.rights.delete) p += "DNV";
  if (e.rights.write) p += e.node.isFolder ? "CK" : "W";
  return p;
}

/** Nextcloud's share type numbers (IShare::TYPE_USER 0, TYPE_GROUP 1, TYPE_LINK 3); a team is shown as a group. */
const SHARE_TYPE: Record<ShareKind, number> = { user: 0, team: 1, link: 3 };

export function ocShareTypes(kinds: ReadonlySet<ShareKind>): string {
  return [...kinds].map((k) => SHARE_TYPE[k]).sort((a, b) => a - b).map((t) => `<oc:share-type>${t}</oc:share-type>`).join("");
}

const fileOnly = (r: Render): Render => (s) => (s.entry.node.isFolder ? null : r(s));
const folderOnly = (r: Render): Render => (s) => (s.entry.node.isFolder ? r(s) : null);

/** Live properties: how to render each, and whether allprop includes it (RFC 4918 §14.2, RFC 4331 §3). */
const LIVE = new Map<string, { ns: string; local: string; allprop: boolean; render: Render }>();
function live(ns: string, local: string, allprop: boolean, render: Render) {
  LIVE.set(key(ns, local), { ns, local, allprop, render });
}
live(DAV_NS, "resourcetype", true, (s) => (s.entry.node.isFolder ? "<d:collection/>" : ""));
live(DAV_NS, "getetag", true, (s) => esc(`"${s.entry.node.etag}"`));
live(DAV_NS, "getlastmodified", true, (s) => new Date(Math.floor(s.entry.node.mtime.getTime() / 1000) * 1000).toUTCString());
live(DAV_NS, "creationdate", true, (s) => s.entry.node.createdAt.toISOString().replace(/\.\d{3}Z$/, "Z"));
live(DAV_NS, "displayname", true, (s) => esc(s.entry.node.name));
live(DAV_NS, "getcontentlength", true, fileOnly((s) => String(s.entry.node.size)));
live(DAV_NS, "getcontenttype", true, fileOnly((s) => esc(s.entry.node.mimeType ?? "application/octet-stream")));
live(DAV_NS, "supportedlock", true, () => SUPPORTED_LOCK);
live(DAV_NS, "lockdiscovery", true, (s) => s.locks.map((l) => activeLock(l, s.lockHref(l.path), s.now)).join(""));
live(DAV_NS, "quota-used-bytes", false, folderOnly((s) => String(s.quota.used)));
live(DAV_NS, "quota-available-bytes", false, folderOnly((s) => (s.quota.available === null ? null : String(s.quota.available))));
live(OC_NS, "fileid", false, (s) => String(s.entry.node.id));
live(OC_NS, "id", false, (s) => ocFileId(s.entry.node.id));
live(OC_NS, "permissions", false, (s) => ocPermissions(s.entry, s.mountType));
live(OC_NS, "size", false, (s) => String(s.entry.node.size));
live(OC_NS, "favorite", false, (s) => (s.favorite === undefined ? null : s.favorite ? "1" : "0"));
live(OC_NS, "share-types", false, (s) => (s.shareKinds === undefined ? null : ocShareTypes(s.shareKinds)));
live(NC_NS, "has-preview", false, (s) => (!s.entry.node.isFolder && thumbnailSource(s.entry.node.mimeType) ? "true" : "false"));
live(NC_NS, "mount-type", false, (s) => s.mountType ?? "");
// Nextcloud answers these empty unless an external storage or a direct-download app fills them.
live(OC_NS, "data-fingerprint", false, () => "");
live(OC_NS, "downloadURL", false, fileOnly(() => ""));
live(OC_NS, "dDC", false, fileOnly(() => ""));
// Nextcloud's form: one oc:checksum with space-separated "TYPE:hex" (rclone and the clients pick SHA1 from it).
live(OC_NS, "checksums", false, fileOnly((s) => (s.entry.sha256 ? `<oc:checksum>${s.entry.sha1 ? `SHA1:${s.entry.sha1} ` : ""}SHA256:${s.entry.sha256}</oc:checksum>` : null)));

/** Whether answering needs each file's SHA-256 (oc:checksums, named or through propname). */
export function needsChecksums(names: PropName[] | null): boolean {
  return names === null || names.some((n) => n.ns === OC_NS && n.local === "checksums");
}

/** Whether the request names oc:share-types (the "shared" marks are then looked up per page). */
export function needsShareTypes(names: PropName[] | null): boolean {
  return names !== null && names.some((n) => n.ns === OC_NS && n.local === "share-types");
}

/** Whether the request names oc:favorite (the actor's stars are then looked up per page). */
export function needsFavorites(names: PropName[] | null): boolean {
  return names !== null && names.some((n) => isFavoriteProperty(n.ns, n.local));
}

/** oc:favorite: live (read from the user's stars, the same the web UI shows), yet settable by PROPPATCH to 0 or 1. */
export function isFavoriteProperty(ns: string, local: string): boolean {
  return ns === OC_NS && local === "favorite";
}

/** Whether answering needs the dead properties: allprop and propname do, named props only for non-live names. */
export function needsDeadProperties(names: PropName[] | null): boolean {
  return names === null || names.some((n) => !LIVE.has(key(n.ns, n.local)));
}

/** Properties PROPPATCH may not touch: every live one. */
export function isLiveProperty(ns: string, local: string): boolean {
  return LIVE.has(key(ns, local));
}

export interface PropName {
  ns: string;
  local: string;
}

/** Renders requested properties into found (200) and missing (404) lists. */
export function renderNamed(s: PropSubject, names: PropName[]): { found: string[]; missing: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  for (const { ns, local } of names) {
    const rendered = renderOne(s, ns, local);
    if (rendered === null) missing.push(emptyProp(ns, local));
    else found.push(rendered);
  }
  return { found, missing };
}

/** allprop: the allprop live properties that apply, every dead property, and any `include`d ones. */
export function renderAll(s: PropSubject, include: PropName[] = []): { found: string[]; missing: string[] } {
  const found: string[] = [];
  for (const p of LIVE.values()) {
    if (!p.allprop) continue;
    const value = p.render(s);
    if (value !== null) found.push(wrap(p.ns, p.local, value));
  }
  for (const d of s.dead) found.push(wrap(d.namespace, d.name, d.value));
  const extra = renderNamed(s, include.filter((n) => !LIVE.get(key(n.ns, n.local))?.allprop && !s.dead.some((d) => d.namespace === n.ns && d.name === n.local)));
  return { found: [...found, ...extra.found], missing: extra.missing };
}

/** propname: the names of every property the resource has. */
export function renderNames(s: PropSubject): string[] {
  const names: string[] = [];
  for (const p of LIVE.values()) if (p.render(s) !== null) names.push(emptyProp(p.ns, p.local));
  for (const d of s.dead) names.push(emptyProp(d.namespace, d.name));
  return names;
}

function renderOne(s: PropSubject, ns: string, local: string): string | null {
  const p = LIVE.get(key(ns, local));
  if (p) {
    const value = p.render(s);
    return value === null ? null : wrap(ns, local, value);
  }
  const dead = s.dead.find((d) => d.namespace === ns && d.name === local);
  return dead ? wrap(ns, local, dead.value) : null;
}

function wrap(ns: string, local: string, value: string): string {
  if (value === "") return emptyProp(ns, local);
  const [open, close] = propTags(ns, local);
  return `${open}${value}${close}`;
}

