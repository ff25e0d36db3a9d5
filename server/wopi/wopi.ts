import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError, httpStatusOf, isDomainError } from "@/lib/domain/errors";
import type { Services } from "@/lib/container";
import { sendContent } from "../http/send-content";

const FILE_PATH = /^\/wopi\/files\/(\d+)(\/contents)?$/;

/** The access token of a WOPI call: `access_token` in the query, or an Authorization: Bearer header. */
function tokenOf(req: IncomingMessage, url: URL): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
  return url.searchParams.get("access_token") ?? bearer?.[1] ?? null;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
};

/**
 * The WOPI host (MS-WOPI, as Collabora Online and OnlyOffice call it): CheckFileInfo, GetFile, PutFile and the lock
 * operations on /wopi/files/:id. Every rule is WopiService's; this maps it to the protocol's statuses and headers.
 * Returns false for other paths.
 */
export async function handleWopi(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  const match = FILE_PATH.exec(url.pathname);
  if (!match) return false;
  const nodeId = Number(match[1]);
  const contents = match[2] !== undefined;
  const token = tokenOf(req, url);
  const wopi = services.wopi;
  try {
    if (req.method === "GET" && !contents) {
      // CheckFileInfo
      sendJson(res, await wopi.checkFileInfo(token, nodeId));
    } else if (req.method === "GET") {
      // GetFile
      const content = await wopi.getFile(token, nodeId);
      const max = Number(header(req, "x-wopi-maxexpectedsize") ?? NaN);
      if (Number.isFinite(max) && content.size > max) {
        res.writeHead(412).end();
        return true;
      }
      res.setHeader("X-WOPI-ItemVersion", `v${content.version.id}`);
      await sendContent(req, res, content, { attachment: true, etag: content.node.etag });
    } else if (req.method === "POST" && contents) {
      // PutFile
      if (header(req, "x-wopi-override")?.toUpperCase() !== "PUT") {
        notImplemented(res);
        return true;
      }
      const length = header(req, "content-length");
      const declaredSize = length !== undefined && /^\d{1,16}$/.test(length) ? Number(length) : undefined;
      const { version } = await wopi.putFile(token, nodeId, header(req, "x-wopi-lock"), { body: req, declaredSize });
      res.writeHead(200, { "X-WOPI-ItemVersion": version }).end();
    } else if (req.method === "POST") {
      await lockOperation(req, res, nodeId, token, services);
    } else {
      res.writeHead(405, { Allow: "GET, POST" }).end();
    }
  } catch (e) {
    sendWopiError(req, res, e);
  }
  return true;
}

/** Lock, UnlockAndRelock, Unlock, RefreshLock, GetLock (X-WOPI-Override on POST /wopi/files/:id). */
async function lockOperation(req: IncomingMessage, res: ServerResponse, nodeId: number, token: string | null, services: Services): Promise<void> {
  const wopi = services.wopi;
  const override = header(req, "x-wopi-override")?.toUpperCase();
  const lockId = header(req, "x-wopi-lock") ?? "";
  let result: { version: string; lockId?: string };
  if (override === "LOCK") result = await wopi.lock(token, nodeId, lockId, header(req, "x-wopi-oldlock"));
  else if (override === "UNLOCK") result = await wopi.unlock(token, nodeId, lockId);
  else if (override === "REFRESH_LOCK") result = await wopi.refreshLock(token, nodeId, lockId);
  else if (override === "GET_LOCK") result = await wopi.getLock(token, nodeId);
  else return notImplemented(res);
  res.writeHead(200, { "X-WOPI-ItemVersion": result.version, ...(result.lockId !== undefined ? { "X-WOPI-Lock": result.lockId } : {}) }).end();
}

function notImplemented(res: ServerResponse): void {
  res.writeHead(501, { "Content-Type": "text/plain; charset=utf-8" }).end("Not implemented.");
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" }).end(JSON.stringify(body));
}

/**
 * The protocol's statuses: 401 for a bad token, 404 for a file the user may not reach (or change), 409 with
 * X-WOPI-Lock for a lock mismatch, 413 when the quota or the size limit refuses a save.
 */
function sendWopiError(req: IncomingMessage, res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy(e instanceof Error ? e : undefined);
    return;
  }
  if (!isDomainError(e)) console.error(e);
  const error = isDomainError(e) ? e : new DomainError("STORAGE_ERROR", "Something went wrong on the server.");
  const status = ({ UNAUTHENTICATED: 401, NOT_FOUND: 404, FORBIDDEN: 404, QUOTA_EXCEEDED: 413, TOO_LARGE: 413, LOCKED: 409 } as Record<string, number>)[error.code] ?? (isDomainError(e) ? httpStatusOf[error.code] : 500);
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (typeof error.details?.wopiLock === "string") headers["X-WOPI-Lock"] = error.details.wopiLock;
  if (status === 409) headers["X-WOPI-LockFailureReason"] = error.message.replace(/[^\x20-\x7e]/g, "?");
  // A refused PutFile body is not read: close the connection rather than leave it half-read.
  if (!req.complete && req.method === "POST") res.setHeader("Connection", "close");
  res.writeHead(status, headers).end(error.message);
}
