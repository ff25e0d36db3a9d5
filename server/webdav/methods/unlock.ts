import { isDomainError } from "@/lib/domain/errors";
import type { DavContext } from "../context";
import { DavError } from "../errors";
import { parseLockToken } from "../headers";

// UNLOCK – remove the lock named by the Lock-Token header from the resource it covers
export async function unlock(ctx: DavContext): Promise<void> {
  const token = parseLockToken(ctx.req.headers["lock-token"] as string | undefined);
  await ctx.services.locks.unlock(ctx.actor, ctx.space.id, ctx.target.path, token).catch((e: unknown) => {
    if (isDomainError(e) && e.code === "CONFLICT") throw new DavError(409, e.message, "<d:lock-token-matches-request-uri/>");
    throw e;
  });
  ctx.res.writeHead(204);
  ctx.res.end();
}
