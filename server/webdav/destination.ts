import { resolve, type DavContext } from "./context";
import { DavError } from "./errors";
import { parseDestination } from "./headers";
import { matchMount, parseSegments, type DavResource } from "./resource";
import { placeOf } from "./places";

/** The COPY/MOVE Destination resolved in the same space; 502 when it names another server or another space. */
export async function resolveDestination(ctx: DavContext): Promise<DavResource> {
  const parsed = parseDestination(ctx.req.headers.destination as string | undefined, ctx.req.headers.host);
  if ("otherHost" in parsed) throw new DavError(502, "The destination is on another server.");
  const location = matchMount(parsed.rawPath);
  if (!location || location.mount.unsupported) throw new DavError(502, "The destination is outside this WebDAV space.");
  if (location.mount.user !== null && location.mount.user !== ctx.actor.user.username) throw new DavError(502, "The destination is another user's space.");
  const place = await placeOf(ctx.services, ctx.actor, location.mount, parseSegments(location.rest));
  // Moving and copying between spaces (personal ↔ team, team ↔ team) is not supported: the services refuse it too.
  if (place.kind !== "space" || place.space.id !== ctx.space.id) throw new DavError(502, "The destination is in another space (personal or team); copy the files over instead.");
  return resolve({ ...ctx, rootId: place.rootId, rootSegments: place.rootSegments }, place.segments);
}
