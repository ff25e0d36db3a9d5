import { DomainError } from "@/lib/domain/errors";
import { nameProblem } from "@/lib/domain/names";
import type { NodeEntry } from "@/lib/services/file.service";

/**
 * Where a WebDAV URL points: which mount (and so which space), and the decoded path segments inside it.
 * Mounts: `/dav/` (the personal space), `/remote.php/webdav/` and `/remote.php/dav/files/<user>/` (Nextcloud
 * aliases of it). Team spaces live at `/dav/teams/<team>/` and as top-level folders of the aliases (see places.ts).
 */
export interface DavMount {
  /** the URL prefix hrefs are built on, as the client sent it (still encoded), without a trailing slash */
  base: string;
  /** the user named in the URL (Nextcloud alias), which must be the authenticated one */
  user: string | null;
  /** a Nextcloud DAV path Haven does not serve (yet): answered 404 */
  unsupported?: boolean;
}

export interface DavLocation {
  mount: DavMount;
  /** the raw remainder after the base, e.g. "/a%20b/c/" */
  rest: string;
}

/** The raw path of a request target (no query), as sent: nothing is decoded or normalised yet. */
export function rawPathOf(target: string): string {
  const q = target.indexOf("?");
  return q === -1 ? target : target.slice(0, q);
}

/** Finds the mount a raw path belongs to, or null when the path is not a WebDAV one. */
export function matchMount(rawPath: string): DavLocation | null {
  for (const base of ["/dav", "/remote.php/webdav"]) {
    if (rawPath === base || rawPath.startsWith(`${base}/`)) return { mount: { base, user: null }, rest: rawPath.slice(base.length) };
  }
  const m = /^\/remote\.php\/dav\/files\/([^/]+)(\/.*)?$/.exec(rawPath);
  if (m) {
    let user: string;
    try {
      user = decodeURIComponent(m[1]!);
    } catch {
      throw new DomainError("INVALID_INPUT", "The user in the URL is not valid percent-encoding.");
    }
    return { mount: { base: `/remote.php/dav/files/${m[1]}`, user }, rest: m[2] ?? "" };
  }
  if (rawPath === "/remote.php/dav" || rawPath.startsWith("/remote.php/dav/")) return { mount: { base: "/remote.php/dav", user: null, unsupported: true }, rest: "" };
  return null;
}

/**
 * Decodes the path after a mount into validated names. Refuses (INVALID_INPUT) "." and ".." in any spelling,
 * encoded slashes or backslashes, NUL, and malformed percent-encoding, so no path can leave the mount's root.
 */
export function parseSegments(rest: string): string[] {
  const segments: string[] = [];
  for (const raw of rest.split("/")) {
    if (raw === "") continue;
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      throw new DomainError("INVALID_INPUT", "The URL is not valid percent-encoding.");
    }
    if (name === "." || name === "..") throw new DomainError("INVALID_INPUT", "Dot segments are not allowed in WebDAV paths.");
    const problem = nameProblem(name);
    if (problem) throw new DomainError("INVALID_INPUT", problem);
    segments.push(name);
  }
  return segments;
}

/** "/" or "/a/b": the lock and If-header key of a path inside a space. */
export function pathOf(segments: string[]): string {
  return `/${segments.join("/")}`;
}

/** The href of a resource under a mount: each segment percent-encoded, folders ending in "/". */
export function hrefOf(mount: DavMount, segments: string[], isFolder: boolean): string {
  const encoded = segments.map(encodeSegment).join("/");
  if (segments.length === 0) return `${mount.base}/`;
  return `${mount.base}/${encoded}${isFolder ? "/" : ""}`;
}

export function encodeSegment(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A request target resolved against the space: the node there (null when unmapped) and its parent folder. */
export interface DavResource {
  segments: string[];
  path: string;
  node: NodeEntry | null;
  /** the folder holding the last segment; null when an intermediate folder is missing (409 for creating methods) */
  parent: NodeEntry | null;
}
