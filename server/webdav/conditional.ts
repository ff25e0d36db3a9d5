import { evaluatePreconditions } from "@/lib/domain/preconditions";
import type { DavContext } from "./context";
import { DavError } from "./errors";

/**
 * The HTTP preconditions (If-Match, If-None-Match, If-Unmodified-Since, If-Modified-Since) against the request target,
 * checked for every method before it runs, as sabre/dav's Server::checkPreconditions: a failed one is 412 with the
 * current ETag. A GET or HEAD the client already has goes on to the handler, whose 304 carries the full headers.
 */
export function checkPreconditions(ctx: Pick<DavContext, "req" | "target">): void {
  const { req } = ctx;
  const node = ctx.target.node?.node ?? null;
  const etag = node ? `"${node.etag}"` : null;
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const outcome = evaluatePreconditions(
    req.method ?? "GET",
    { ifMatch: header("if-match"), ifNoneMatch: header("if-none-match"), ifUnmodifiedSince: header("if-unmodified-since"), ifModifiedSince: header("if-modified-since") },
    node && etag ? { etag, lastModified: node.mtime } : null,
  );
  if (outcome.ok || outcome.status === 304) return;
  throw new DavError(412, `The ${outcome.header} condition does not hold for this resource.`, undefined, etag ? { ETag: etag } : {});
}
