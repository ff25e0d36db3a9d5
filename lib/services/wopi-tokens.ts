import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/** What a WOPI access token carries: who (user and browser session), which file, until when. */
export interface WopiGrant {
  userId: number;
  sessionId: string;
  nodeId: number;
  expiresAt: Date;
}

/**
 * WOPI access tokens: "<payload>.<HMAC-SHA256>" (base64url) under the site secret. A token names one user's browser
 * session and one file, and expires by itself; signing out (revoking the session) ends it too, since the service
 * resolves the session on every call.
 */
export class WopiTokens {
  constructor(private readonly secret: () => string) {}

  issue(grant: WopiGrant): string {
    const payload = Buffer.from(JSON.stringify({ u: grant.userId, s: grant.sessionId, n: grant.nodeId, e: Math.floor(grant.expiresAt.getTime() / 1000) })).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** The grant of a well-signed, unexpired token, or null. */
  verify(token: string | null | undefined, now: Date): WopiGrant | null {
    const [payload, sig, extra] = (token ?? "").split(".");
    if (!payload || !sig || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u: number; s: string; n: number; e: number };
    if (data.e * 1000 <= now.getTime()) return null;
    return { userId: data.u, sessionId: data.s, nodeId: data.n, expiresAt: new Date(data.e * 1000) };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.secret()).update(`haven-wopi\0${payload}`).digest("base64url");
  }
}
