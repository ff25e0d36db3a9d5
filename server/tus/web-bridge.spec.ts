import type { IncomingMessage } from "node:http";
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { bodyInPieces } from "./web-bridge";

const PIECE = 1024 * 1024;

/** A request body stand-in: bytes written in `chunkBytes` pieces (as a socket delivers them), then ended. */
function requestOf(data: Buffer, chunkBytes: number, end = true): PassThrough {
  const req = new PassThrough();
  for (let at = 0; at < data.length; at += chunkBytes) req.write(data.subarray(at, at + chunkBytes));
  if (end) req.end();
  return req;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) pieces.push(piece);
  return pieces;
}

describe("bodyInPieces (a request body handed to tus in large pieces)", () => {
  it("delivers the body in whole pieces from the factory, the last one shorter, bytes unchanged", async () => {
    const data = randomBytes(3 * PIECE + 12_345);
    const made: Buffer[] = [];
    const pieces = await readAll(
      bodyInPieces(requestOf(data, 65_536) as unknown as IncomingMessage, () => {
        const piece = Buffer.alloc(PIECE);
        made.push(piece);
        return piece;
      }),
    );
    expect(pieces.map((p) => p.length)).toEqual([PIECE, PIECE, PIECE, 12_345]);
    pieces.slice(0, 3).forEach((piece, i) => expect(piece).toBe(made[i]));
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
  });

  it("handles socket reads that straddle pieces, and an empty body", async () => {
    const data = randomBytes(2 * PIECE + 1);
    const pieces = await readAll(bodyInPieces(requestOf(data, 700_001) as unknown as IncomingMessage, () => Buffer.alloc(PIECE)));
    expect(pieces.map((p) => p.length)).toEqual([PIECE, PIECE, 1]);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    expect(await readAll(bodyInPieces(requestOf(Buffer.alloc(0), 1) as unknown as IncomingMessage, () => Buffer.alloc(PIECE)))).toEqual([]);
  });

  it("reads the request only when asked (a body nobody reads is left alone), at most a piece ahead", async () => {
    const req = requestOf(randomBytes(4 * PIECE), 65_536, false);
    const stream = bodyInPieces(req as unknown as IncomingMessage, () => Buffer.alloc(PIECE));
    await new Promise((r) => setTimeout(r, 20));
    expect(req.listenerCount("data")).toBe(0);
    expect(req.readableLength + req.writableLength).toBeGreaterThanOrEqual(4 * PIECE);
    const reader = stream.getReader();
    expect((await reader.read()).value?.length).toBe(PIECE);
    await new Promise((r) => setTimeout(r, 20));
    // One piece was taken, and reading stopped once it was full: the rest waits in the request.
    expect(req.isPaused()).toBe(true);
    expect(req.readableLength + req.writableLength).toBeGreaterThanOrEqual(2 * PIECE);
    reader.releaseLock();
  });

  it("fails the stream when the request breaks", async () => {
    const req = requestOf(randomBytes(PIECE / 2), 65_536, false);
    const reader = bodyInPieces(req as unknown as IncomingMessage, () => Buffer.alloc(PIECE)).getReader();
    const read = reader.read();
    setTimeout(() => req.destroy(new Error("connection reset")), 10);
    await expect(read).rejects.toThrow(/connection reset/);
  });
});
