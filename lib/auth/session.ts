import "server-only";
import { getToken } from "next-auth/jwt";
import { services } from "@/lib/container";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import { DomainError } from "@/lib/domain/errors";
import { clientIpOf } from "./client-ip";

export type SessionActor = Actor & { user: UserRecord; sessionId: string; mustEnrolTwoFactor: boolean };

/**
 * The signed-in actor for a request's headers (browser cookie), or null. Used by route handlers,
 * pages and the custom server alike, so every door sees the same revocation. A session that must set up two-step
 * verification first counts as signed out, unless the caller serves the enrolment (`enrolment: true`) and checks
 * `mustEnrolTwoFactor` itself.
 */
export async function actorFromHeaders(headers: Headers | Record<string, string | string[] | undefined>, opts: { enrolment?: boolean } = {}): Promise<SessionActor | null> {
  const plain = headers instanceof Headers ? Object.fromEntries(headers.entries()) : (headers as Record<string, string>);
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  const secureCookie = (process.env.AUTH_URL ?? "").startsWith("https://");
  const token = await getToken({ req: { headers: plain }, secret, secureCookie }).catch(() => null);
  const sid = token && typeof token.sid === "string" ? token.sid : null;
  if (!sid) return null;
  const actor = await services().auth.actorForSession(sid, clientIpOf(plain) ?? undefined);
  if (!actor || (actor.mustEnrolTwoFactor && !opts.enrolment)) return null;
  return { ...actor, sessionId: sid };
}

/**
 * A session signed in with a one-time password (mustChangePassword) opens only the change-password page: every other
 * door (JSON routes but /api/me and /api/me/password, tus, downloads) refuses it until the password was changed.
 */
export function assertPasswordSettled(actor: SessionActor): void {
  if (actor.user.mustChangePassword) throw new DomainError("FORBIDDEN", "Choose a new password first: the one-time password only opens the change-password page.");
}
