import { DomainError } from "@/lib/domain/errors";
import { hasBody, type DavContext } from "../context";
import { DavError } from "../errors";
import { writeHeaders } from "../write-headers";

// MKCOL – create a folder: 405 when something is there, 409 without a parent, 415 with a body
export async function mkcol(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  if (hasBody(ctx.req)) throw new DavError(415, "MKCOL with a request body is not supported.");
  if (target.node || target.segments.length === 0) throw new DavError(405, "Something already exists at this URL.", undefined, { Allow: "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK" });
  if (!target.parent) throw new DomainError("CONFLICT", "The parent folder does not exist.");
  const created = await ctx.services.files.createFolder(ctx.actor, target.parent.node.id, target.segments.at(-1)!);
  ctx.res.writeHead(201, writeHeaders(created.node));
  ctx.res.end();
}
