import type { IncomingMessage, ServerResponse } from "node:http";
import { finished } from "node:stream";
import type { Server } from "@tus/server";
import { hashBatch } from "@/lib/storage/off-thread-hash";

/** Only the path and query of a tus request matter to @tus/server (upload ids, relative Location); the origin is fixed. */
const BASE = "http://haven.local";

/**
 * Serves a Node request through @tus/server's web entry (`handleWeb`) rather than its Node entry (`handle`). The Node
 * entry reads the body through `Readable.toWeb(req)`, which copies every socket read (64 KiB at most) into fresh
 * memory and queues it as a web stream chunk, which tus turns back into a Node stream and pipes through two Transforms
 * into the store: 16,384 trips a GiB through those steps. Here the body reaches tus in 1 MiB pieces, each byte copied
 * once: the same steps a sixteenth as often, and the store writes whole pieces. The pieces are hashing batches
 * (hashBatch): the local store hands each one, once written, to the hashing thread without a copy, and it comes back
 * to carry more of a body.
 */
export async function handleTus(tus: Server, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? null : bodyInPieces(req, hashBatch);
  const request = new Request(new URL(req.url ?? "/", BASE), { method, headers, body, duplex: "half" } as RequestInit);
  // srvx's shape for a Node request (`runtime.node`, what `handle` passes): tus then ends a body whose client went away
  // as it does under `handle` (the bytes received so far are written), instead of failing the write.
  Object.assign(request, { runtime: { name: "node", node: { req, res } } });
  const response = await tus.handleWeb(request);
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * A request body as a web stream of pieces, each a buffer from `newPiece` filled up (the last one may be shorter).
 * The request is read only while the reader waits for a piece, so a body nobody reads is left to Node (which discards
 * it after the response) and a slow store holds the client back.
 */
export function bodyInPieces(req: IncomingMessage, newPiece: () => Buffer): ReadableStream<Uint8Array> {
  let piece: Buffer | undefined;
  let filled = 0;
  let wanted = false;
  let listening = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        wanted = true;
        if (listening) return void req.resume();
        listening = true;
        req.on("data", (chunk: Buffer) => {
          for (let at = 0; at < chunk.length; ) {
            piece ??= newPiece();
            const n = chunk.copy(piece, filled, at);
            at += n;
            filled += n;
            if (filled === piece.length) {
              const full = piece;
              piece = undefined;
              filled = 0;
              // enqueue may ask for the next piece at once (pull sets `wanted` again)
              wanted = false;
              controller.enqueue(full);
            }
          }
          if (!wanted) req.pause();
        });
        finished(req, (error) => {
          if (error) return controller.error(error);
          if (piece && filled > 0) controller.enqueue(piece.subarray(0, filled));
          piece = undefined;
          controller.close();
        });
      },
      cancel(reason) {
        req.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
