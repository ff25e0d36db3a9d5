import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { NodeRecord } from "@/lib/domain/types";
import { placeOf, SHARED_FOLDER, sharedEntries } from "@/server/webdav/places";
import type { NextcloudActor } from "./auth";

/** The Nextcloud tree's root, as WebDAV serves it under /remote.php/dav/files/<user>/. */
const mountOf = (actor: NextcloudActor) => ({ base: `/remote.php/dav/files/${encodeURIComponent(actor.user.username)}`, user: actor.user.username });

/**
 * The node at a path of the caller's Nextcloud tree ("/Photos/a.jpg", "/<team>/a.jpg"): its own files (its app
 * password's folder when limited) with one folder per team, resolved as WebDAV resolves it, for this actor.
 */
export async function nodeAtPath(services: Services, actor: NextcloudActor, path: string): Promise<NodeRecord> {
  const notFound = () => new DomainError("NOT_FOUND", "Wrong path, file/folder does not exist");
  const place = await placeOf(services, actor, mountOf(actor), path.split("/").filter(Boolean));
  if (place.kind !== "space") throw notFound();
  if (place.file) return place.file.node;
  const { node } = await services.files.resolvePath(actor, place.rootId, place.segments);
  if (!node) throw notFound();
  return node.node;
}

/** A node's path in the caller's Nextcloud tree, as the clients show it ("/Photos/a.jpg", "/<team>/a.jpg"). */
export async function pathOfNode(services: Services, actor: NextcloudActor, node: NodeRecord): Promise<string> {
  const segments = await services.locks.segmentsOf(actor, node.id);
  const root = await placeOf(services, actor, mountOf(actor), []);
  const team = root.kind === "space" ? root.teamFolders.find((f) => f.team.id === node.spaceId) : undefined;
  return `/${[...(team ? [team.name] : []), ...segments].join("/")}`;
}

/** Where the shares others made with the caller are in its tree ("/Shared with me/<name>"), by node id. */
export async function sharedPaths(services: Services, actor: NextcloudActor): Promise<Map<number, string>> {
  const root = await placeOf(services, actor, mountOf(actor), []);
  if (root.kind !== "space" || !root.sharedFolder) return new Map();
  const entries = await sharedEntries(services, actor, root.space.id, root.teamFolders.map((f) => f.team));
  return new Map(entries.map((e) => [e.entry.node.id, `/${SHARED_FOLDER}/${e.segments[0]!}`]));
}
