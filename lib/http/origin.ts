/**
 * CSRF defence for cookie-authenticated writes: true when the request names no Origin, or one whose host is the host
 * it was sent to. `Origin: null` (sandboxed frames, file: pages, some redirects) and malformed origins are foreign.
 * X-Forwarded-Host counts only behind a trusted proxy: server/index.ts drops it otherwise (HAVEN_TRUST_PROXY).
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return true;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
