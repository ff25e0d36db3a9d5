import { randomFillSync } from "node:crypto";
import { open } from "node:fs/promises";
import yauzl from "yauzl";

const PIECE = 8 * 1024 * 1024;

/** Writes `size` random bytes to `file` in 8 MiB pieces (never all in memory) and makes them durable (fdatasync). */
export async function makeRandomFile(file: string, size: number): Promise<void> {
  const handle = await open(file, "w");
  const buf = Buffer.alloc(Math.min(PIECE, size));
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(buf.length, size - written);
      randomFillSync(buf, 0, n);
      await handle.write(buf, 0, n);
      written += n;
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** The entries of a zip, by name (folders, ending in "/", with no bytes). */
export function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) {
          files.set(entry.fileName, Buffer.alloc(0));
          return zip.readEntry();
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(files));
      zip.readEntry();
    });
  });
}
