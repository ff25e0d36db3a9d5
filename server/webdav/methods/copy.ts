import { DomainError } from "@/lib/domain/errors";
import type { DavContext } from "../context";
import { writeHeaders } from "../write-headers";
import { resolveDestination } from "../destination";
import { parseDepth, parseOverwrite } from "../headers";
import type { DavResource } from "../resource";

/** Checks shared by COPY and MOVE; returns the destination and the Overwrite flag. */
export async function prepareTransfer(ctx: DavContext): Promise<{ dest: DavResource & { parent: NonNullable<DavResource["parent"]> }; overwrite: boolean }> {
  const overwrite = parseOverwrite(ctx.req.headers.overwrite as string | undefined);
  if (!ctx.target.node) throw new DomainError("NOT_FOUND", "No such file or folder.");
  const dest = await resolveDestination(ctx);
  if (dest.segments.length === 0) throw new DomainError("FORBIDDEN", "The root folder cannot be replaced.");
  if (dest.path === ctx.target.path) throw new DomainError("FORBIDDEN", "The source and destination are the same.");
  if (!dest.parent) throw new DomainError("CONFLICT", "The destination's parent folder does not exist.");
  if (dest.node && !overwrite) throw new DomainError("PRECONDITION_FAILED", "The destination exists and Overwrite is F.");
  return { dest: dest as DavResource & { parent: NonNullable<DavResource["parent"]> }, overwrite };
}

// COPY – copy a file, or a folder with (Depth: infinity) or without (Depth: 0) its contents
export async function copy(ctx: DavContext): Promise<void> {
  const depth = parseDepth(ctx.req.headers.depth as string | undefined, "infinity");
  if (depth === "1") throw new DomainError("INVALID_INPUT", "COPY takes Depth 0 or infinity.");
  const { dest, overwrite } = await prepareTransfer(ctx);
  const source = ctx.target.node!;
  const { entry, replaced } = await ctx.services.files.copyTo(ctx.actor, source.node.id, dest.parent.node.id, dest.segments.at(-1)!, {
    overwrite,
    shallow: depth === "0" && source.node.isFolder,
  });
  ctx.res.writeHead(replaced ? 204 : 201, writeHeaders(entry.node));
  ctx.res.end();
}
