import type { IncomingMessage } from "node:http";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";

/** Headers that only a reverse proxy may set: without HAVEN_TRUST_PROXY=1 nothing downstream ever sees them. */
const PROXY_HEADERS = new Set(["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"]);

/**
 * Runs first on every request: sets the client address header that every door reads (from the socket, or from the
 * proxy's X-Forwarded-For when trusted) and, when the proxy is not trusted, drops the proxy headers, so a client
 * cannot choose the host or scheme that same-origin checks, Next.js and next-auth compare against. Both `headers`
 * and `rawHeaders` are rewritten: @tus/server's request wrapper reads the raw list.
 */
export function applyProxyTrust(req: IncomingMessage, trustProxy: boolean): void {
  // The last hop is the address the trusted proxy saw; earlier entries are whatever the client sent.
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim() : "";
  const clientIp = forwarded || req.socket.remoteAddress || "";
  const dropped = (name: string) => name === CLIENT_IP_HEADER || (!trustProxy && PROXY_HEADERS.has(name));
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!dropped(req.rawHeaders[i]!.toLowerCase())) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  req.rawHeaders = [...raw, CLIENT_IP_HEADER, clientIp];
  for (const name of Object.keys(req.headers)) if (dropped(name)) delete req.headers[name];
  req.headers[CLIENT_IP_HEADER] = clientIp;
}
