import "server-only";
import { NextResponse } from "next/server";
import { actorFromHeaders, assertPasswordSettled, type SessionActor } from "@/lib/auth/session";
import { DomainError } from "@/lib/domain/errors";
import { errorResponseOf } from "./errors";
import { isSameOrigin } from "./origin";

type Params = Record<string, string>;

/** What a session with a one-time password (mustChangePassword) may call: who am I, and change the password. */
const PASSWORD_CHANGE_ROUTES = new Set(["/api/me", "/api/me/password"]);

interface Context<P extends Params> {
  req: Request;
  params: P;
}

/**
 * Wraps a route handler: resolves the signed-in actor (401 without one; 403 for non-admins on admin routes, and for
 * sessions that must enrol in two-step verification on routes not marked `enrolment`),
 * maps thrown errors once, and serialises a returned value as JSON.
 */
export function withActor<P extends Params = Params>(
  handler: (ctx: Context<P> & { actor: SessionActor }) => Promise<unknown>,
  opts: { admin?: boolean; status?: number; enrolment?: boolean } = {},
) {
  return async (req: Request, segment: { params: Promise<P> }) => {
    try {
      assertSameOrigin(req);
      const actor = await actorFromHeaders(req.headers, { enrolment: true });
      if (!actor) throw new DomainError("UNAUTHENTICATED", "Sign in first.");
      // An account that must set up two-step verification may only reach the routes marked `enrolment`.
      if (actor.mustEnrolTwoFactor && !opts.enrolment) throw new DomainError("FORBIDDEN", "Set up two-step verification first.", { reason: "two_factor_enrolment" });
      if (opts.admin && actor.role !== "admin") throw new DomainError("FORBIDDEN", "Only site administrators may do this.");
      if (!PASSWORD_CHANGE_ROUTES.has(new URL(req.url).pathname)) assertPasswordSettled(actor);
      return respond(await handler({ req, params: await segment.params, actor }), opts.status);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** Same as withActor for routes open to anyone (health, setup). */
export function publicRoute<P extends Params = Params>(handler: (ctx: Context<P>) => Promise<unknown>, opts: { status?: number } = {}) {
  return async (req: Request, segment: { params: Promise<P> }) => {
    try {
      assertSameOrigin(req);
      return respond(await handler({ req, params: await segment.params }), opts.status);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** CSRF defence in depth (cookies are SameSite=Lax too): a state-changing request from a foreign page is refused. */
function assertSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  if (!isSameOrigin(req.headers)) throw new DomainError("FORBIDDEN", "Cross-site requests are not allowed.");
}

function respond(result: unknown, status = 200): Response {
  return result instanceof Response ? result : NextResponse.json(result, { status });
}

function errorResponse(e: unknown): Response {
  const { status, body, headers } = errorResponseOf(e);
  const res = NextResponse.json(body, { status, headers });
  if (status === 401) res.headers.set("WWW-Authenticate", 'Bearer realm="Haven"');
  return res;
}

/** A numeric id from a path segment, or NOT_FOUND. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError("NOT_FOUND", "No such file or folder.");
  return id;
}
