import { randomFillSync } from "node:crypto";
import { open } from "node:fs/promises";

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
