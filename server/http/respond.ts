import type { ServerResponse } from "node:http";
import { errorResponseOf } from "@/lib/http/errors";

/** Writes a thrown error as the shared JSON error body (or just ends the response if headers went out). */
export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy(e instanceof Error ? e : undefined);
    return;
  }
  const { status, body, headers } = errorResponseOf(e);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}
