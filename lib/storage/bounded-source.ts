import "server-only";
import type { Readable } from "node:stream";
import { TooLargeError } from "./driver";

/** `body`'s chunks, failing with TooLargeError past `maxBytes`. Never destroys `body`: its owner (a request) decides. */
export async function* upTo(body: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > maxBytes) throw new TooLargeError(maxBytes);
    yield chunk;
  }
}
