import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signs what a share visitor carries: the password cookie (bound to the link and its current password hash, so a
 * password change invalidates it) and the viewer stream token (bound to the link and node). Both are
 * "<expiry seconds>.<HMAC-SHA256>" under the site secret, and expire by themselves.
 */
export class ShareSigner {
  constructor(private readonly secret: () => string) {}

  passwordProof(link: { id: number; passwordHash: string | null }, expiresAt: Date): string {
    return this.issue(`pw\0${link.id}\0${link.passwordHash}`, expiresAt);
  }

  validPasswordProof(link: { id: number; passwordHash: string | null }, value: string | undefined, now: Date): boolean {
    return this.valid(`pw\0${link.id}\0${link.passwordHash}`, value, now);
  }

  viewerToken(linkId: number, nodeId: number, expiresAt: Date): string {
    return this.issue(`vt\0${linkId}\0${nodeId}`, expiresAt);
  }

  validViewerToken(linkId: number, nodeId: number, value: string | undefined, now: Date): boolean {
    return this.valid(`vt\0${linkId}\0${nodeId}`, value, now);
  }

  private issue(subject: string, expiresAt: Date): string {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${exp}.${this.sign(`${subject}\0${exp}`)}`;
  }

  private valid(subject: string, value: string | undefined, now: Date): boolean {
    const [exp, sig, extra] = (value ?? "").split(".");
    if (!exp || !sig || extra !== undefined || !/^\d{1,12}$/.test(exp) || Number(exp) * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.sign(`${subject}\0${exp}`));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(data: string): string {
    return createHmac("sha256", this.secret()).update(`haven-share\0${data}`).digest("base64url");
  }
}
