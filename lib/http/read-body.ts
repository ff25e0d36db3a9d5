import "server-only";
import { DomainError } from "@/lib/domain/errors";

/** A request body as bytes, refused with TOO_LARGE (413) as soon as it passes `maxBytes` (never read whole first). */
export async function readBodyUpTo(req: Request, maxBytes: number, message: string): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new DomainError("TOO_LARGE", message);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new DomainError("TOO_LARGE", message);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
