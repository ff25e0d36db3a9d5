import { clientIpOf } from "@/lib/auth/client-ip";
import type { ShareCookie, VisitorRequest } from "@/lib/services/visitor-gate";

/** Cookies of a request's Cookie header by name (first wins; values are not decoded: ours are base64url). */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!(name in out)) out[name] = part.slice(i + 1).trim();
  }
  return out;
}

/** What a public-link visitor presents, from any door's headers. */
export function visitorOf(token: string, headers: Headers | Record<string, string | string[] | undefined>): VisitorRequest {
  const cookie = headers instanceof Headers ? headers.get("cookie") : (headers.cookie as string | undefined);
  return { token, cookies: parseCookies(cookie), ip: clientIpOf(headers) };
}

/** The Set-Cookie value remembering an accepted share password: HttpOnly, SameSite=Lax, Secure on https sites. */
export function shareCookieHeader(cookie: ShareCookie): string {
  const secure = (process.env.AUTH_URL ?? "").startsWith("https://") ? "; Secure" : "";
  return `${cookie.name}=${cookie.value}; Path=/; Max-Age=${cookie.maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}
