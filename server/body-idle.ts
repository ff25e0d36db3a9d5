import type { IncomingMessage } from "node:http";

/** How long a request body may stall between two chunks before its connection is closed, by default. */
export const DEFAULT_BODY_IDLE_SECONDS = 60;

/** HAVEN_BODY_IDLE_TIMEOUT in seconds (0 turns the bound off), as milliseconds. */
export function bodyIdleTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.HAVEN_BODY_IDLE_TIMEOUT?.trim();
  if (raw === undefined || raw === "") return DEFAULT_BODY_IDLE_SECONDS * 1000;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new Error(`HAVEN_BODY_IDLE_TIMEOUT must be a number of seconds, not "${raw}"`);
  return Math.round(Number(raw) * 1000);
}

/**
 * Uploads have no overall time limit (the server's requestTimeout is off, so a long upload is never cut), but a body
 * that stalls must not hold its connection and the bytes reserved for it for ever: while a request's body is being
 * received, its socket is closed once nothing arrived for `ms` (the upload then fails and its partial bytes and
 * reservation are released). The bound ends with the body, so a slow download is not affected by it.
 */
export function boundBodyIdle(req: IncomingMessage, ms: number): void {
  if (ms <= 0 || !hasBody(req)) return;
  const socket = req.socket;
  socket.setTimeout(ms);
  req.once("end", () => {
    // The keep-alive timeout takes over once the response is out; until then no idle bound.
    if (!socket.destroyed) socket.setTimeout(0);
  });
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return length.trim() !== "0";
  return req.headers["transfer-encoding"] !== undefined;
}
