import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rm, stat, truncate, writeFile, rename } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DurableFileWriter } from "./durable-file-writer";

/** What a chunked-upload session remembers between requests (kept beside its bytes). */
export interface ChunkSession {
  userId: number;
  /** the upload row holding the reservation (begun at MKCOL with Destination and OC-Total-Length, else at assembly) */
  reserved: boolean;
  /** the declared total, when known */
  total: number | null;
  createdAt: string;
}

/** A chunk as received: placed in the data file at `offset`, or kept aside (offset not yet known). */
export interface StagedChunk {
  name: string;
  size: number;
  offset: number | null;
}

/**
 * Local staging of Nextcloud chunked uploads (IO only). Each session is one data file `<dir>/<id>` (named like tus
 * staging files, so the same cleanup removes it) plus `<dir>/<id>.chunks/` with the session and one marker per chunk.
 * A chunk whose offset is known on arrival is written straight into the data file at that offset, so assembling never
 * copies those bytes again; a chunk whose offset is not yet known is kept aside and placed when the file is assembled.
 */
export class ChunkStaging {
  constructor(readonly dir: string) {}

  dataPath(id: string): string {
    return path.join(this.dir, id);
  }

  private meta(id: string, ...rest: string[]): string {
    return path.join(this.dir, `${id}.chunks`, ...rest);
  }

  async create(id: string, session: ChunkSession): Promise<void> {
    await this.remove(id);
    await mkdir(this.meta(id), { recursive: true });
    await writeFile(this.dataPath(id), "");
    await writeFile(this.meta(id, "session.json"), JSON.stringify(session));
  }

  async session(id: string): Promise<ChunkSession | null> {
    try {
      return JSON.parse(await readFile(this.meta(id, "session.json"), "utf8")) as ChunkSession;
    } catch {
      return null;
    }
  }

  async updateSession(id: string, session: ChunkSession): Promise<void> {
    const temp = this.meta(id, "session.json.tmp");
    await writeFile(temp, JSON.stringify(session));
    await rename(temp, this.meta(id, "session.json"));
  }

  /**
   * Writes one chunk: into the data file at `offset`, or aside when `offset` is null. At most `maxBytes` are taken
   * (TooLong thrown past it, nothing of the chunk recorded). Returns the chunk's size.
   */
  async write(id: string, name: string, offset: number | null, body: Readable, maxBytes: number): Promise<number> {
    const marker = this.meta(id, `${encodeName(name)}.json`);
    const aside = this.meta(id, `${encodeName(name)}.bytes`);
    await rm(marker, { force: true });
    await rm(aside, { force: true });
    const writer = offset === null ? new DurableFileWriter(aside, { hash: null }) : new DurableFileWriter(this.dataPath(id), { start: offset, hash: null });
    let size = 0;
    const limit = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > maxBytes) throw new ChunkTooLongError();
        yield chunk;
      }
    };
    try {
      await pipeline(body, limit, writer);
    } catch (e) {
      await rm(aside, { force: true });
      throw e;
    }
    await writeFile(marker, JSON.stringify({ size, offset }));
    return size;
  }

  async chunks(id: string): Promise<StagedChunk[]> {
    let names: string[];
    try {
      names = await readdir(this.meta(id));
    } catch {
      return [];
    }
    const out: StagedChunk[] = [];
    for (const file of names) {
      if (!file.endsWith(".json") || file === "session.json") continue;
      try {
        const { size, offset } = JSON.parse(await readFile(this.meta(id, file), "utf8")) as { size: number; offset: number | null };
        out.push({ name: decodeName(file.slice(0, -5)), size, offset });
      } catch {
        // a marker being rewritten by a retried chunk: not there yet
      }
    }
    return out;
  }

  /** Writes an aside chunk into the data file at its offset (the only copy assembling makes) and records it placed. */
  async place(id: string, name: string, offset: number): Promise<void> {
    const aside = this.meta(id, `${encodeName(name)}.bytes`);
    const writer = new DurableFileWriter(this.dataPath(id), { start: offset, hash: null });
    let size = 0;
    await pipeline(
      createReadStream(aside),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          yield chunk;
        }
      },
      writer,
    );
    await writeFile(this.meta(id, `${encodeName(name)}.json`), JSON.stringify({ size, offset }));
    await rm(aside, { force: true });
  }

  /** Cuts the data file to `size` (a retried shorter chunk may leave bytes past the end) and hashes it once. */
  async finalize(id: string, size: number, algorithms: string[]): Promise<Record<string, string>> {
    if ((await stat(this.dataPath(id))).size !== size) await truncate(this.dataPath(id), size);
    const hashes = algorithms.map((a) => createHash(a));
    const handle = await open(this.dataPath(id), "r");
    try {
      for await (const chunk of createReadStream("", { fd: handle, autoClose: false, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        for (const h of hashes) h.update(chunk);
      }
    } finally {
      await handle.close();
    }
    return Object.fromEntries(algorithms.map((a, i) => [a, hashes[i]!.digest("hex")]));
  }

  /** Removes a session's markers (the data file is removed by the upload's own cleanup or here). */
  async remove(id: string): Promise<void> {
    await rm(this.meta(id), { recursive: true, force: true });
    await rm(this.dataPath(id), { force: true });
  }

  /** Ids of sessions created before `cutoff` (for expiry of sessions that never reserved). */
  async idleSince(cutoff: Date): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: string[] = [];
    for (const name of names) {
      if (!name.endsWith(".chunks")) continue;
      const id = name.slice(0, -7);
      const session = await this.session(id);
      if (!session || new Date(session.createdAt) < cutoff) out.push(id);
    }
    return out;
  }
}

export class ChunkTooLongError extends Error {
  constructor() {
    super("The chunk is longer than allowed.");
  }
}

function encodeName(name: string): string {
  return Buffer.from(name).toString("base64url");
}

function decodeName(file: string): string {
  return Buffer.from(file, "base64url").toString();
}
