import { DomainError } from "@/lib/domain/errors";
import type { DavContext } from "../context";
import { parseDepth } from "../headers";

// DELETE – move the resource (a folder with everything in it) to the trash
export async function del(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  if (!target.node) throw new DomainError("NOT_FOUND", "No such file or folder.");
  if (target.segments.length === 0) throw new DomainError("FORBIDDEN", "The root folder cannot be deleted.");
  if (target.node.node.isFolder && parseDepth(ctx.req.headers.depth as string | undefined, "infinity") !== "infinity") {
    throw new DomainError("INVALID_INPUT", "DELETE of a folder needs Depth: infinity.");
  }
  await ctx.services.trash.trash(ctx.actor, [target.node.node.id]);
  await ctx.services.locks.release(ctx.space.id, target.path);
  ctx.res.writeHead(204);
  ctx.res.end();
}
