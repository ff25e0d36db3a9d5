import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { NodeRecord } from "@/lib/domain/types";
import type { NextcloudActor } from "./auth";

/** The node at a path of the caller's own files ("/Photos/a.jpg"; its app password's folder when limited). */
export async function nodeAtPath(services: Services, actor: NextcloudActor, path: string): Promise<NodeRecord> {
  const segments = path.split("/").filter(Boolean);
  const rootId = actor.scopeNodeId ?? (await services.spaces.personalSpace(actor.userId)).rootNodeId!;
  const { node } = await services.files.resolvePath(actor, rootId, segments);
  if (!node) throw new DomainError("NOT_FOUND", "Wrong path, file/folder does not exist");
  return node.node;
}

/** A node's path from its space's root, as the clients show it ("/Photos/a.jpg"). */
export async function pathOfNode(services: Services, actor: NextcloudActor, nodeId: number): Promise<string> {
  return `/${(await services.locks.segmentsOf(actor, nodeId)).join("/")}`;
}
