import { NextResponse, type NextRequest } from "next/server";

/**
 * Next 16's proxy (the successor of middleware.ts): a per-request CSP nonce for pages, so only Next's own
 * scripts run. Authorization is not done here; every page and route checks the session itself.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV !== "production";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // style attributes (virtual list offsets, progress bars) need inline styles; styles cannot run script
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // The Nextcloud grant page's form ends in the nc://login/… redirect the apps wait for (as Nextcloud allows it).
    request.nextUrl.pathname.startsWith("/connect/") ? "form-action 'self' nc:" : "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
