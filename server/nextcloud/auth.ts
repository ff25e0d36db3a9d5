import type { IncomingMessage } from "node:http";
import { clientIpOf } from "@/lib/auth/client-ip";
import { actorFromHeaders, assertPasswordSettled } from "@/lib/auth/session";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";

export type NextcloudActor = Actor & { user: UserRecord };

/**
 * Who is asking on the Nextcloud door: HTTP Basic with an app password, or the account password when two-step
 * verification is off (the same throttled check WebDAV uses), else a browser session. A session counts for a state
 * changing or OCS request only with `OCS-APIREQUEST: true`, as in Nextcloud: a cross-site page cannot set that header.
 * Null when neither is sent; UNAUTHENTICATED when Basic credentials are wrong.
 */
export async function nextcloudActor(req: IncomingMessage, services: Services, opts: { ocs: boolean }): Promise<NextcloudActor | null> {
  const basic = basicCredentials(req);
  if (basic) {
    const actor = await services.appPasswords.authenticate(basic.username, basic.password, clientIpOf(req.headers));
    return { ...actor, requestMemo: { roles: new Map() } };
  }
  if (opts.ocs && req.headers["ocs-apirequest"] !== "true") return null;
  const session = await actorFromHeaders(req.headers);
  if (!session) return null;
  assertPasswordSettled(session);
  return session;
}

/** As `nextcloudActor`, but UNAUTHENTICATED when nobody is signed in. */
export async function requireNextcloudActor(req: IncomingMessage, services: Services, opts: { ocs: boolean }): Promise<NextcloudActor> {
  const actor = await nextcloudActor(req, services, opts);
  if (!actor) throw new DomainError("UNAUTHENTICATED", "Current user is not logged in");
  return actor;
}

function basicCredentials(req: IncomingMessage): { username: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
