import { DomainError } from "@/lib/domain/errors";
import type { DavContext } from "../context";
import { writeHeaders } from "../write-headers";
import { parseDepth } from "../headers";
import { prepareTransfer } from "./copy";

// MOVE – move or rename within the space; the node keeps its id and its ETag, ETags change up both ancestor chains
export async function move(ctx: DavContext): Promise<void> {
  if (parseDepth(ctx.req.headers.depth as string | undefined, "infinity") !== "infinity") throw new DomainError("INVALID_INPUT", "MOVE takes Depth: infinity only.");
  const { dest, overwrite } = await prepareTransfer(ctx);
  const source = ctx.target;
  const { entry, replaced } = await ctx.services.files.moveTo(ctx.actor, source.node!.node.id, dest.parent.node.id, dest.segments.at(-1)!, { overwrite });
  await ctx.services.locks.release(ctx.space.id, source.path);
  ctx.res.writeHead(replaced ? 204 : 201, writeHeaders(entry.node));
  ctx.res.end();
}
