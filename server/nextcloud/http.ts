import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@/lib/domain/errors";

/**
 * The address clients reach this server at (the login flows hand it to them): AUTH_URL when set (the public URL
 * behind a proxy), else the scheme and Host of the request.
 */
export function serverUrlOf(req: IncomingMessage): string {
  const configured = process.env.AUTH_URL?.replace(/\/+$/, "");
  if (configured) return configured;
  const proto = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim() || ("encrypted" in req.socket && req.socket.encrypted ? "https" : "http");
  return `${proto}://${req.headers.host ?? "localhost"}`;
}

/** Reads a small form or JSON body (login flow polls and grants, OCS writes); at most 64 KiB. */
export async function readParams(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 65_536) throw new DomainError("TOO_LARGE", "The request body is too large.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (/json/i.test(req.headers["content-type"] ?? "") && text.trim() !== "") {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return new URLSearchParams(Object.entries(parsed).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { Location: location, "Cache-Control": "no-store" });
  res.end();
}
