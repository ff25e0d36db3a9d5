import type { DavMount } from "./resource";

/** `/dav/teams/…` is kept free for team spaces (a later mount), so no personal folder can shadow it. */
export function isReservedTeamsPath(mount: DavMount, segments: string[]): boolean {
  return mount.base === "/dav" && segments[0] === "teams";
}

export const ALLOWED_METHODS = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";
