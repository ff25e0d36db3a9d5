import type { ServerResponse } from "node:http";
import type { Rights } from "@/lib/domain/permissions";
import { DAV_NS } from "./xml";
import { MULTISTATUS_HEADERS } from "./multistatus";
import { needsDeadProperties, type PropName } from "./properties";
import { CACHE_TOPICS, WILDCARD, type CacheBus } from "@/lib/services/cache-bus";

/**
 * Rendered PROPFIND Depth 1 answers of big folders, per process, so a sync client polling a folder of thousands of
 * files gets it without re-reading and re-rendering every child. An entry is used only while everything it was
 * rendered from is unchanged, which its key captures:
 * - the folder's ETag (new whenever anything below it changes) and a stamp of its live children (count, last update,
 *   newest id), so a writer that forgot to propagate an ETag still misses;
 * - who asks and through which mount: user, role, the credential's limits, the rights on the folder (a child's rights
 *   follow from them and from grants to the user, whose changes drop the user's renderings: the access topic), the
 *   URL base and path the hrefs are built from;
 * - the requested property names.
 * Only named live properties that depend on nothing else are cached: never dead properties (PROPPATCH does not change
 * ETags), lockdiscovery (locks) or the quota properties (the space's usage), nor allprop/propname.
 */
const CACHEABLE = new Set(["resourcetype", "getetag", "getlastmodified", "creationdate", "displayname", "getcontentlength", "getcontenttype", "supportedlock"].map((l) => `${DAV_NS}\n${l}`));
const OC_CACHEABLE = new Set(["fileid", "id", "permissions", "size", "checksums"]);
/** Smaller listings are cheap enough to render each time. */
export const CACHE_MIN_CHILDREN = 200;
const MAX_TOTAL_CHARS = 64 * 1024 * 1024;
export const MAX_ENTRY_CHARS = 16 * 1024 * 1024;

export function cacheableProps(names: PropName[] | null): boolean {
  if (names === null || names.length === 0 || needsDeadProperties(names)) return false;
  return names.every((n) => CACHEABLE.has(`${n.ns}\n${n.local}`) || (n.ns === "http://owncloud.org/ns" && OC_CACHEABLE.has(n.local)));
}

export interface ListingKeyParts {
  userId: number;
  role: string;
  readOnly: boolean;
  scopeNodeId: number | null;
  base: string;
  path: string;
  folderId: number;
  etag: string;
  stamp: string;
  rights: Rights;
  names: PropName[];
}

export function listingKey(p: ListingKeyParts): string {
  const rights = `${+p.rights.read}${+p.rights.write}${+p.rights.delete}${+p.rights.share}`;
  const names = p.names.map((n) => `${n.ns} ${n.local}`).join("\t");
  return JSON.stringify([p.userId, p.role, p.readOnly, p.scopeNodeId, p.base, p.path, p.folderId, p.etag, p.stamp, rights, names]);
}

/** A bounded LRU of rendered bodies (by total size), one per folder and asker: a newer rendering replaces the old. */
export class ListingCache {
  private readonly entries = new Map<string, { slot: string; body: Buffer; userId: number }>();
  private readonly slots = new Map<string, string>();
  private total = 0;
  private watched: CacheBus | null = null;

  /**
   * Drops a user's renderings when its access or credentials change on any instance. Entries are validated per
   * request anyway (the rights and ETags are in the key); this frees what can no longer be used. Drops all when a
   * blob's SHA-1 lands (nothing in the key would notice).
   */
  watch(bus: CacheBus): void {
    if (this.watched === bus) return;
    this.watched = bus;
    for (const topic of [CACHE_TOPICS.access, CACHE_TOPICS.credentials]) {
      bus.subscribe(topic, (key) => this.forgetUser(key === WILDCARD ? null : Number(key)));
    }
    // A blob's SHA-1 filled after its commit (oc:checksums changes, no ETag does): which listings show it is not
    // known here, and it happens about once per large upload, so every rendering goes.
    bus.subscribe(CACHE_TOPICS.checksums, () => this.forgetUser(null));
  }

  /** Drops the renderings for `userId` (all with null). */
  forgetUser(userId: number | null): void {
    for (const [key, e] of [...this.entries]) if (userId === null || e.userId === userId) this.remove(key);
  }

  get(key: string): Buffer | null {
    const hit = this.entries.get(key);
    if (!hit) return null;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.body;
  }

  /** `slot` names the folder and asker without the versions, so a stale rendering is dropped at once. */
  set(slot: string, key: string, body: string, userId: number): void {
    const old = this.slots.get(slot);
    if (old !== undefined) this.remove(old);
    const buf = Buffer.from(body);
    this.entries.set(key, { slot, body: buf, userId });
    this.slots.set(slot, key);
    this.total += buf.length;
    while (this.total > MAX_TOTAL_CHARS) this.remove(this.entries.keys().next().value!);
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    if (this.slots.get(e.slot) === key) this.slots.delete(e.slot);
    this.total -= e.body.length;
  }
}

export function sendCached(res: ServerResponse, body: Buffer): void {
  res.writeHead(207, { ...MULTISTATUS_HEADERS, "Content-Length": body.length });
  res.end(body);
}
