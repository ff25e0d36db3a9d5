import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Digests } from "./off-thread-hash";

/** The SHA-256 and SHA-1 (hex) of a whole stream, in one pass. */
export async function digestsOf(stream: Readable): Promise<Digests> {
  const sha256 = createHash("sha256");
  const sha1 = createHash("sha1");
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sha1.update(chunk);
  }
  return { sha256: sha256.digest("hex"), sha1: sha1.digest("hex") };
}
