import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import type { DavContext } from "../context";
import { DavError } from "../errors";
import { writeHeaders } from "../write-headers";

/** The body size the client announced: Content-Length, or macOS Finder's X-Expected-Entity-Length with chunked bodies. */
function declaredSize(ctx: DavContext): number | undefined {
  for (const header of ["content-length", "x-expected-entity-length"]) {
    const value = ctx.req.headers[header];
    if (typeof value !== "string") continue;
    if (!/^\d{1,16}$/.test(value.trim())) throw new DomainError("INVALID_INPUT", `${header} must be a byte count.`);
    return Number(value);
  }
  return undefined;
}

export function clientMtime(req: IncomingMessage): Date | undefined {
  const value = req.headers["x-oc-mtime"];
  if (typeof value !== "string") return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 253402300799) throw new DomainError("INVALID_INPUT", "X-OC-Mtime must be Unix seconds.");
  return new Date(Math.round(seconds * 1000));
}

export function expectedSha256(ctx: DavContext): string | undefined {
  const value = ctx.req.headers["oc-checksum"];
  if (typeof value !== "string") return undefined;
  const m = /(?:^|\s)SHA256:([0-9a-fA-F]{64})(?:\s|$)/i.exec(value);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * The request body; with "Expect: 100-continue" the client waits for "100 Continue", which goes out only when the
 * upload service starts reading, i.e. after it has checked the name, rights and quota and reserved the bytes.
 * Destroying it (the service stops reading past the quota) leaves the request alone, so the refusal can still be sent.
 */
export function bodyOf(req: IncomingMessage, res: ServerResponse): Readable {
  const expectsContinue = String(req.headers.expect ?? "").toLowerCase() === "100-continue";
  let started = false;
  const onData = (chunk: Buffer) => {
    if (!body.push(chunk)) req.pause();
  };
  const onEnd = () => body.push(null);
  const onClose = () => {
    if (!req.complete) body.destroy(new Error("The client closed the connection before the body was complete."));
  };
  const detach = () => {
    req.off("data", onData).off("end", onEnd).off("close", onClose);
    req.pause();
  };
  const body: Readable = new Readable({
    // Room for a few socket reads, so the request is not paused and resumed on every chunk.
    highWaterMark: 1024 * 1024,
    read() {
      if (started) return void req.resume();
      started = true;
      if (expectsContinue) res.writeContinue();
      req.on("data", onData).once("end", onEnd).once("close", onClose);
    },
    destroy(error, callback) {
      detach();
      callback(error);
    },
  });
  return body;
}

/** Nextcloud's legacy v1 chunk names: "<name>-chunking-<transfer id>-<chunk count>-<index>". */
const LEGACY_CHUNK = /-chunking-\d+-\d+-\d+$/;

/**
 * Legacy (v1) chunked uploads are refused, never stored: a client that saw its first chunk stored under the chunk's
 * name would take the file as uploaded and later rename its local copy to that name. Clients told "not implemented"
 * with a message report it instead of retrying as if the upload had worked.
 */
export function refuseLegacyChunk(ctx: DavContext): void {
  const chunked = String(ctx.req.headers["oc-chunked"] ?? "").trim() === "1";
  if (chunked || LEGACY_CHUNK.test(ctx.target.segments.at(-1) ?? "")) {
    closeAfterRefusal(ctx.req, ctx.res);
    throw new DavError(501, "Legacy chunked uploads (OC-Chunked) are not supported: use chunked upload v2 under /remote.php/dav/uploads/.");
  }
}

/** How long a refused body's connection stays open after the answer, so the client can read it. */
const LINGER_MS = 2000;

/**
 * For a body refused before it was read to its end (quota, declared size, rights): once the answer is out, the rest
 * is discarded (never stored) for at most LINGER_MS, then the connection is closed. Closing at once would reset the
 * connection while the client is still sending, and the client might never see the answer (a "lingering close").
 */
export function closeAfterRefusal(req: IncomingMessage, res: ServerResponse): void {
  res.once("finish", () => {
    if (req.complete) return;
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    const stop = () => clearTimeout(timer);
    req.once("end", stop);
    req.socket.once("close", stop);
    req.resume();
  });
}

// PUT – store the body as the file (a new version when it exists), streamed, quota reserved first
export async function put(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  refuseLegacyChunk(ctx);
  if (ctx.req.headers["content-range"]) throw new DomainError("INVALID_INPUT", "PUT with Content-Range is not supported.");
  if (target.node?.node.isFolder || target.segments.length === 0) throw new DavError(405, "A folder cannot be replaced by PUT.", undefined, { Allow: "OPTIONS, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, DELETE, LOCK, UNLOCK" });
  // A file listed on its own (shared with a partner) has no folder here: it is saved by its id.
  if (!target.parent && !target.node) throw new DomainError("CONFLICT", "The parent folder does not exist.");
  const existed = target.node !== null;
  const mtime = clientMtime(ctx.req);
  const body = bodyOf(ctx.req, ctx.res);
  const content = { body, declaredSize: declaredSize(ctx), mtime, expectedSha256: expectedSha256(ctx) };
  const saving = target.parent
    ? ctx.services.uploads.putStream(ctx.actor, {
        ...content,
        parentId: target.parent.node.id,
        name: target.segments.at(-1)!,
        onConflict: "replace",
        resolved: { parent: target.parent, existing: target.node?.node ?? null, space: ctx.space },
      })
    : ctx.services.edits.saveContent(ctx.actor, target.node!.node.id, content).then((saved) => saved.node);
  const node = await saving.catch((e: unknown) => {
    body.destroy();
    if (!ctx.req.complete) closeAfterRefusal(ctx.req, ctx.res);
    throw e;
  });
  ctx.res.writeHead(existed ? 204 : 201, writeHeaders(node, { mtimeAccepted: mtime !== undefined }));
  ctx.res.end();
}
