import type { ServerResponse } from "node:http";
import { httpStatusOf, isDomainError, type DomainErrorCode } from "@/lib/domain/errors";
import { esc } from "./xml";

/** WebDAV status for each DomainError code: today the same as HTTP's (RFC 4918 §11, RFC 4331 507 for quota). */
export const davStatusOf: Record<DomainErrorCode, number> = httpStatusOf;

/** An error the adapter raises itself with a fixed status and an optional DAV:error condition element. */
export class DavError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly condition?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "DavError";
  }
}

/** The one mapper from a thrown error to a WebDAV response: status, optional <d:error> body, nothing leaked on 500. */
export function sendDavError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy(e instanceof Error ? e : undefined);
    return;
  }
  let status = 500;
  let condition: string | undefined;
  let message = "Something went wrong on the server.";
  const headers: Record<string, string> = {};
  if (e instanceof DavError) {
    status = e.status;
    condition = e.condition;
    message = e.message;
    Object.assign(headers, e.headers);
  } else if (isDomainError(e)) {
    status = davStatusOf[e.code];
    message = e.message;
    if (e.code === "LOCKED") {
      const path = typeof e.details?.href === "string" ? e.details.href : null;
      condition = path ? `<d:lock-token-submitted><d:href>${esc(path)}</d:href></d:lock-token-submitted>` : "<d:lock-token-submitted/>";
    }
    if (e.code === "THROTTLED" && typeof e.details?.retryAfter === "number") headers["Retry-After"] = String(e.details.retryAfter);
    if (e.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Basic realm="Haven", charset="UTF-8"';
    // Tree limits: a COPY above the node cap cannot be stored (507, RFC 4918 §9.8.5); nesting too deep is refused (403).
    if (e.code === "TOO_LARGE" && typeof e.details?.maxNodes === "number") status = 507;
    if (e.code === "TOO_LARGE" && typeof e.details?.maxDepth === "number") status = 403;
  } else {
    console.error("webdav:", e);
  }
  const body =
    `<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">` +
    `${condition ?? ""}<s:message>${esc(message)}</s:message></d:error>`;
  res.writeHead(status, { "Content-Type": "application/xml; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...headers });
  res.end(body);
}
