import { resolve, type DavContext } from "./context";
import { DavError } from "./errors";
import { parseDestination } from "./headers";
import { matchMount, parseSegments, type DavResource } from "./resource";
import { isReservedTeamsPath } from "./router";

/** The COPY/MOVE Destination resolved in the same space; 502 when it names another server or another space. */
export async function resolveDestination(ctx: DavContext): Promise<DavResource> {
  const parsed = parseDestination(ctx.req.headers.destination as string | undefined, ctx.req.headers.host);
  if ("otherHost" in parsed) throw new DavError(502, "The destination is on another server.");
  const location = matchMount(parsed.rawPath);
  if (!location || location.mount.unsupported) throw new DavError(502, "The destination is outside this WebDAV space.");
  if (location.mount.user !== null && location.mount.user !== ctx.actor.user.username) throw new DavError(502, "The destination is another user's space.");
  const segments = parseSegments(location.rest);
  if (isReservedTeamsPath(location.mount, segments)) throw new DavError(502, "The destination is outside this WebDAV space.");
  return resolve(ctx, segments);
}
