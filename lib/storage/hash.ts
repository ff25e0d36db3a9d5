import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";

/** The SHA-256 (hex) of a whole stream. */
export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest("hex");
}
