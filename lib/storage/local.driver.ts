import "server-only";
import { createHash, hash, randomUUID } from "node:crypto";
import { closeSync, createReadStream, close as closeFd, fdatasync, fstat, fstatSync, fsync, mkdirSync, open as openFd, openSync, read as readFd, readSync, renameSync, rmSync, statSync, unlinkSync, write as writeFd, writevSync } from "node:fs";
import { copyFile, link, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable, type Writable } from "node:stream";
import { upTo } from "./bounded-source";
import { DurableFileWriter } from "./durable-file-writer";
import { digestsOf } from "./hash";
import { OffThreadHash, type ReceivedDigests } from "./off-thread-hash";
import {
  BlobNotFoundError,
  UnsupportedOperationError,
  type ByteRange,
  type DriverCapabilities,
  type ListedBlob,
  type PutResult,
  type StorageDriver,
} from "./driver";

const KEY_PATTERN = /^[0-9a-f]{32}$/;

/**
 * Blobs as files under `root`, sharded two levels deep by key. A small body is created at its final name (putSmall);
 * anything else is written to a temp file, fsynced, then renamed into place and its folder fsynced.
 */
export class LocalDriver implements StorageDriver {
  readonly kind = "local" as const;
  readonly capabilities: DriverCapabilities = {
    rangeRead: true,
    presignedGet: false,
    presignedPut: false,
    serverSideCopy: true,
    localPath: true,
    stagedUploads: false,
  };

  /** The temp folder, made once (putBuffers does not mkdir per write; a folder removed meanwhile is made again). */
  private tempDirReady: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    /** bufferWrites: blobs putBuffers writes and syncs at once (default BUFFER_WRITES) */
    private readonly tuning: { bufferWrites?: number } = {},
  ) {}

  /** newKey's current shard folder ("abcd": folders ab/cd) and how many more keys go there */
  private shard = "";
  private keysLeftInShard = 0;

  /**
   * Consecutive keys share a shard folder, KEYS_PER_SHARD at a time: a stream of single small PUTs then makes a
   * folder once per KEYS_PER_SHARD files, not one (a mkdir, and a directory for the file's fdatasync to commit) each.
   */
  newKey(): string {
    if (this.keysLeftInShard-- <= 0) {
      this.shard = randomKey().slice(0, 4);
      this.keysLeftInShard = KEYS_PER_SHARD - 1;
    }
    return this.shard + randomKey().slice(4);
  }

  /** A batch's keys: a fresh shard folder, one per KEYS_PER_SHARD keys (one folder fsync each). */
  newKeys(count: number): string[] {
    const keys: string[] = [];
    let shard = "";
    for (let i = 0; i < count; i++) {
      if (i % KEYS_PER_SHARD === 0) shard = randomKey().slice(0, 4);
      keys.push(shard + randomKey().slice(4));
    }
    return keys;
  }

  localPath(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid blob key: ${key}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  /**
   * A body that ends within SMALL_WRITE bytes is created at its final name from memory (putSmall): no temp file, no
   * rename, one fdatasync. A longer one streams into a temp file, which is fdatasynced, renamed into place, and its
   * folder fsynced.
   */
  async put(key: string, body: Readable, opts: { maxBytes?: number; deferDurability?: boolean } = {}): Promise<PutResult> {
    const target = this.localPath(key);
    const source = upTo(body, opts.maxBytes ?? Infinity);
    const head: Buffer[] = [];
    let size = 0;
    while (size <= SMALL_WRITE) {
      const next = await source.next();
      if (next.done) return this.putSmall(target, head, size, opts.deferDurability === true);
      head.push(next.value);
      size += next.value.length;
    }
    // Whatever happens, the body's iterator is let go of (the request stays its owner's).
    const withSha1 = (opts.maxBytes ?? Infinity) <= INLINE_SHA1_MAX_BYTES;
    return this.putThroughTemp(target, resumed(head, source), withSha1).finally(() => source.return(undefined));
  }

  /**
   * A whole small body, written where the blob lives: created there with O_EXCL, written, fdatasynced, closed. Opening,
   * writing up to SMALL_WRITE bytes into the page cache and closing run on the calling thread (each costs less than
   * the thread-pool hand-off it would take, as readSmall's reads do); the fdatasync, and the mkdir of a shard folder
   * that does not exist yet, go to the thread pool.
   *
   * Crash safety. The bytes and the name are durable before this resolves (with `deferDurability`: before its
   * `durable` resolves), and so before any row names the key:
   * - the key is new (newKey), so no row names it yet and nothing reads the file half-written; a failure unlinks it,
   *   and a crash mid-write leaves a file no row names, which fsck lists as an orphan (and removes past its grace);
   * - the name needs no folder fsync: on Linux's journaling file systems (ext4, XFS; btrfs logs a new inode's name
   *   with it) the fdatasync of a new file commits the journal transaction that created its directory entry, or a
   *   later one. A temp file renamed into place would need a folder fsync after the rename for its name to be
   *   durable: a second journal commit (and device flush) per PUT.
   * - a key that already has a file (keys that are not new: thumbnails, avatars) is replaced atomically instead,
   *   through a temp file, rename and folder fsync: a reader sees the old bytes or the new, never a mix.
   */
  private async putSmall(target: string, chunks: Buffer[], size: number, deferDurability: boolean): Promise<PutResult> {
    let fd = createNew(target);
    if (fd === "no-folder") {
      await mkdir(path.dirname(target), { recursive: true });
      fd = createNew(target);
    }
    if (fd === "taken") return this.putThroughTemp(target, chunks);
    if (fd === "no-folder") throw new Error(`The blob folder ${path.dirname(target)} vanished while a blob was written into it.`);
    const file = fd;
    try {
      writeAllSync(file, chunks);
    } catch (error) {
      unlinkOwn(file, target);
      closeSync(file);
      throw error;
    }
    const durable = new Promise<void>((resolve, reject) =>
      fdatasync(file, (error) => {
        if (error) unlinkOwn(file, target);
        closeSync(file);
        if (error) reject(error);
        else resolve();
      }),
    );
    // Handled here as well: a caller that deferred durability and then failed may never wait for it.
    durable.catch(() => undefined);
    // Hashed while the pool thread syncs.
    const sha256 = createHash("sha256");
    const sha1 = createHash("sha1");
    for (const chunk of chunks) {
      sha256.update(chunk);
      sha1.update(chunk);
    }
    const stored = { size, sha256: sha256.digest("hex"), sha1: sha1.digest("hex") };
    if (deferDurability) return { ...stored, durable };
    await durable;
    return stored;
  }

  /**
   * Streams into a temp file, fdatasyncs it, renames it over `target` and fsyncs the folder (the name is durable). A
   * streamed body (longer than SMALL_WRITE) is hashed on a hashing thread while the main thread receives and writes
   * (OffThreadHash): its SHA-256, and its SHA-1 only with `withSha1` (a body declared up to INLINE_SHA1_MAX_BYTES;
   * a bigger one's blob gets it from its blobs.sha1 job); should that thread fail, the temp file is read once to hash
   * it. Buffers in hand (small) are hashed here, both digests.
   */
  private async putThroughTemp(target: string, chunks: AsyncIterable<Buffer> | Buffer[], withSha1 = false): Promise<PutResult> {
    const temp = await this.tempPath();
    const offThread = Array.isArray(chunks) ? undefined : new OffThreadHash({ sha1: withSha1 });
    const writer = new DurableFileWriter(temp, offThread ? { hash: offThread } : { sha1: true });
    let digests: ReceivedDigests;
    try {
      await pipeline(Array.isArray(chunks) ? Readable.from(chunks) : chunks, writer);
      digests = offThread ? await offThread.digest().catch(() => digestsOf(createReadStream(temp, { highWaterMark: READ_CHUNK }))) : { sha256: writer.digest(), sha1: writer.sha1Digest() };
      await this.moveIntoPlace(temp, target);
    } catch (error) {
      offThread?.dispose();
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(path.dirname(target)).catch(async (error: unknown) => {
      await rm(target, { force: true });
      throw error;
    });
    return { size: writer.size, ...digests };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const fd = await openForReading(this.localPath(key), key);
    return createReadStream("", { fd, start: range?.start, end: range?.end, highWaterMark: READ_CHUNK });
  }

  async writeTo(key: string, dest: Writable, range?: ByteRange): Promise<void> {
    // A known small range is read on the calling thread (open, pread, close), as nginx reads files without `aio`:
    // three async calls would each cost a thread-pool hand-off and an event-loop wake-up, several times the read itself.
    if (range && range.end - range.start < SMALL_READ) return void dest.end(readSmall(this.localPath(key), range, key));
    const fd = await openForReading(this.localPath(key), key);
    try {
      const end = range ? range.end + 1 : await new Promise<number>((resolve, reject) => fstat(fd, (e, st) => (e ? reject(e) : resolve(st.size))));
      const start = range?.start ?? 0;
      if (end - start <= SMALL_READ) dest.end(await readWhole(fd, start, end, key));
      else await copyRange(fd, start, end, dest);
    } finally {
      closeFd(fd, () => undefined);
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.localPath(key));
      return { size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const source = this.localPath(fromKey);
    if (!(await this.stat(fromKey))) throw new BlobNotFoundError(fromKey);
    const temp = await this.tempPath();
    await copyFile(source, temp);
    const handle = await open(temp, "r+");
    await handle.datasync();
    await handle.close();
    const target = this.localPath(toKey);
    await this.moveIntoPlace(temp, target);
    // The copy's name is durable before its rows commit, as put()'s is.
    await syncFolder(path.dirname(target));
  }

  async putChecked(key: string, bytes: Buffer): Promise<{ checkedByStore: boolean }> {
    await this.put(key, Readable.from([bytes]));
    return { checkedByStore: false };
  }

  async putBuffers(items: { key: string; bytes: Buffer }[]): Promise<PromiseSettledResult<PutResult>[]> {
    const results: PromiseSettledResult<PutResult>[] = new Array(items.length);
    const atOnce = this.tuning.bufferWrites ?? BUFFER_WRITES;
    for (let first = 0; first < items.length; first += atOnce) await this.putBuffersUnsynced(items, first, Math.min(items.length, first + atOnce), results);
    // The renames are durable once their folders are fsynced: each folder once, after all the batch's writes.
    const folders = new Map<string, number[]>();
    for (const [i, r] of results.entries()) {
      if (r.status !== "fulfilled") continue;
      const folder = path.dirname(this.localPath(items[i]!.key));
      const indexes = folders.get(folder);
      if (indexes) indexes.push(i);
      else folders.set(folder, [i]);
    }
    await Promise.all(
      [...folders].map(async ([folder, indexes]) => {
        const error = await syncFolder(folder).then(() => undefined, (e: unknown) => e);
        if (error === undefined) return;
        for (const i of indexes) {
          results[i] = { status: "rejected", reason: error };
          await this.delete(items[i]!.key).catch(() => undefined);
        }
      }),
    );
    return results;
  }

  /**
   * Blobs [first, end) of a batch, each written to a temp file, fdatasynced and renamed into place (their folders not
   * fsynced: putBuffers does that once per folder), each settling in `results`. Opening, writing, closing and renaming
   * happen on this thread (microseconds each for a small blob, less than a hand-off to the pool and back); every
   * fdatasync is queued on the pool at once, so its threads go from one to the next without waiting for this thread
   * (which hashes meanwhile): under load, waking this thread between files cost more than the syncs themselves.
   */
  private async putBuffersUnsynced(items: { key: string; bytes: Buffer }[], first: number, end: number, results: PromiseSettledResult<PutResult>[]): Promise<void> {
    const tempDir = await (this.tempDirReady ??= this.makeTempDir());
    const open: { i: number; fd: number; temp: string; target: string }[] = [];
    for (let i = first; i < end; i++) {
      const temp = path.join(tempDir, randomUUID());
      let fd: number | undefined;
      try {
        const target = this.localPath(items[i]!.key);
        fd = inFolderSync(temp, () => openSync(temp, "wx"));
        writeAllSync(fd, [items[i]!.bytes]);
        open.push({ i, fd, temp, target });
      } catch (reason) {
        if (fd !== undefined) closeSync(fd);
        rmSync(temp, { force: true });
        results[i] = { status: "rejected", reason };
      }
    }
    const synced = open.map(({ fd }) => new Promise<unknown>((resolve) => fdatasync(fd, (e) => resolve(e ?? undefined))));
    const digests = open.map(({ i }) => ({ sha256: hash("sha256", items[i]!.bytes), sha1: hash("sha1", items[i]!.bytes) }));
    const errors = await Promise.all(synced);
    for (const [n, { i, fd, temp, target }] of open.entries()) {
      try {
        closeSync(fd);
        if (errors[n] !== undefined) throw errors[n];
        inFolderSync(target, () => renameSync(temp, target));
        results[i] = { status: "fulfilled", value: { size: items[i]!.bytes.length, ...digests[n]! } };
      } catch (reason) {
        rmSync(temp, { force: true });
        results[i] = { status: "rejected", reason };
      }
    }
  }

  private async makeTempDir(): Promise<string> {
    const dir = path.join(this.root, ".tmp");
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async syncLocalFile(filePath: string, opts: { sha256?: string; sha1?: string } = {}): Promise<PutResult> {
    const handle = await open(filePath, "r+");
    try {
      if (opts.sha256 !== undefined) {
        await handle.datasync();
        const size = (await handle.stat()).size;
        return opts.sha1 === undefined ? { size, sha256: opts.sha256 } : { size, sha256: opts.sha256, sha1: opts.sha1 };
      }
      // Hashing reads the file once; the fdatasync runs meanwhile.
      const sync = handle.datasync();
      const hash = createHash("sha256");
      const sha1 = createHash("sha1");
      let size = 0;
      for await (const chunk of createReadStream("", { fd: handle, autoClose: false, highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
        size += chunk.length;
        hash.update(chunk);
        sha1.update(chunk);
      }
      await sync;
      return { size, sha256: hash.digest("hex"), sha1: sha1.digest("hex") };
    } finally {
      await handle.close();
    }
  }

  async storeLocalFile(filePath: string, key: string, known: { sha256?: string; sha1?: string } = {}): Promise<PutResult> {
    const synced = await this.syncLocalFile(filePath, known);
    await this.adoptLocalFile(filePath, key);
    return synced;
  }

  async removeLocalFile(filePath: string): Promise<void> {
    await rm(filePath, { force: true });
  }

  async adoptLocalFile(filePath: string, key: string): Promise<void> {
    const target = this.localPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(filePath, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      const temp = await this.tempPath();
      await copyFile(filePath, temp);
      await this.moveIntoPlace(temp, target);
    }
    // The link (or rename) is a new name: durable before the upload's rows commit (the bytes were synced already).
    await syncFolder(path.dirname(target));
  }

  async *list(prefix = ""): AsyncIterable<ListedBlob> {
    // Shards are the key's first two and next two characters; other entries (.tmp, upload staging) are not blobs.
    for (const first of await shardsUnder(this.root, prefix.slice(0, 2))) {
      for (const second of await shardsUnder(path.join(this.root, first), prefix.slice(2, 4))) {
        const dir = path.join(this.root, first, second);
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          if (!KEY_PATTERN.test(name) || !name.startsWith(first + second) || !name.startsWith(prefix)) continue;
          const s = await stat(path.join(dir, name)).catch(() => null);
          if (s?.isFile()) yield { key: name, size: s.size, modifiedAt: s.mtime };
        }
      }
    }
  }

  discardStagedUpload(): Promise<void> {
    throw new UnsupportedOperationError(this.kind, "stage uploads (tus keeps them in its staging folder)");
  }

  presignGet(): Promise<string> {
    throw new UnsupportedOperationError(this.kind, "presign URLs");
  }

  async healthCheck(): Promise<void> {
    await mkdir(path.join(this.root, ".tmp"), { recursive: true });
    const probe = path.join(this.root, ".tmp", `health-${randomUUID()}`);
    const handle = await open(probe, "w");
    await handle.close();
    await rm(probe);
  }

  private async tempPath(): Promise<string> {
    const dir = path.join(this.root, ".tmp");
    await mkdir(dir, { recursive: true });
    return path.join(dir, randomUUID());
  }

  /** Renames into the shard folder, creating it only when it is missing (most writes find it there). */
  private async moveIntoPlace(from: string, to: string): Promise<void> {
    try {
      await rename(from, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
    }
  }
}

/** The two-hex-character shard folders in `dir` that start with `prefix` (up to two characters). */
async function shardsUnder(dir: string, prefix: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /^[0-9a-f]{2}$/.test(n) && n.startsWith(prefix));
}

/**
 * Small blobs putBuffers writes, then fdatasyncs all at once (descriptors held open together: a bound on what one batch
 * holds). The pool's 4 threads (UV_THREADPOOL_SIZE) work through the queued fdatasyncs; measured here, 100 freshly
 * written 4 KiB files take 5-9 ms to fdatasync that way with 4, 16 or 32 threads alike (the disk's journal commits
 * coalesce), where writing and syncing them 8 at a time through the pool took 25-60 ms under load.
 */
const BUFFER_WRITES = 64;

/** Keys newKey and newKeys put in one shard folder (a batch's folder fsyncs; a folder still holds few files). */
const KEYS_PER_SHARD = 128;

const randomKey = () => randomUUID().replaceAll("-", "");

function openNew(file: string): Promise<number> {
  return new Promise((resolve, reject) => openFd(file, "wx", (e, fd) => (e ? reject(e) : resolve(fd))));
}

/**
 * `act` (an open or rename that makes `file`), on the calling thread (microseconds for a small blob); when `file`'s
 * folder is missing (a new shard, or the temp folder removed meanwhile) it is made and `act` runs again.
 */
function inFolderSync<T>(file: string, act: () => T): T {
  try {
    return act();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    mkdirSync(path.dirname(file), { recursive: true });
    return act();
  }
}

/**
 * Streamed bodies declared up to this size get their SHA-1 while received, beside the SHA-256 (on the hashing thread):
 * a sync client that checks SHA-1 right after copying (rclone check, Nextcloud's clients) finds it at once. Bigger ones
 * leave it to the blob's blobs.sha1 job, moments after the commit: hashing both while receiving costs the receiving
 * cores about 0.65 CPU-s per GiB more.
 */
const INLINE_SHA1_MAX_BYTES = 64 * 1024 * 1024;

/** Bodies up to this size are collected in memory and written at their final name (LocalDriver.putSmall). */
const SMALL_WRITE = 64 * 1024;

/** The chunks already read, then the rest of the source (returning early returns the source too). */
async function* resumed(head: Buffer[], rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}

/** A new file opened for writing (O_EXCL): its descriptor, or why not (a file has the name; its folder is missing). */
function createNew(file: string): number | "taken" | "no-folder" {
  try {
    return openSync(file, "wx");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return "taken";
    if (code === "ENOENT") return "no-folder";
    throw e;
  }
}

/** Writes `chunks` from the start of the new file `fd`, however many writes it takes. */
function writeAllSync(fd: number, chunks: Buffer[]): void {
  const rest = chunks.filter((c) => c.length > 0);
  for (let position = 0; rest.length > 0; ) {
    let written = writevSync(fd, rest, position);
    position += written;
    while (rest.length > 0 && written >= rest[0]!.length) written -= rest.shift()!.length;
    if (written > 0) rest[0] = rest[0]!.subarray(written);
  }
}

/** Unlinks `file` if it is still the file open as `fd` (a key written by two writers at once keeps the other's). */
function unlinkOwn(fd: number, file: string): void {
  try {
    const mine = fstatSync(fd);
    const there = statSync(file, { throwIfNoEntry: false });
    if (there && there.ino === mine.ino && there.dev === mine.dev) unlinkSync(file);
  } catch {
    // Left for fsck: an orphan without a row.
  }
}

/** fsync of a folder: the names renamed into it survive a crash. */
async function syncFolder(folder: string): Promise<void> {
  const fd = await new Promise<number>((resolve, reject) => openFd(folder, "r", (e, d) => (e ? reject(e) : resolve(d))));
  try {
    await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  } finally {
    closeFd(fd, () => undefined);
  }
}

/** A plain descriptor (the callback fs API is the fastest read path in Node 20, as in a bare createReadStream). */
function openForReading(file: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => openFd(file, "r", (e, fd) => (e ? reject(e.code === "ENOENT" ? new BlobNotFoundError(key) : e) : resolve(fd))));
}

/** Bytes per read when serving; also what `get` streams in. */
/** Ranges up to this size are read whole and written at once. */
const SMALL_READ = 64 * 1024;
const READ_CHUNK = 1024 * 1024;

/** Reads up to this size get their buffer from a shared slab (smallBuffer). */
const SLAB_READ = 16 * 1024;
const SLAB_SIZE = 128 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/**
 * A buffer for a small read, cut from a shared slab as Node's own pool does for allocations under 4 KiB: a new
 * ArrayBuffer per 4 KiB GET cost more CPU than the read itself. A slab lives while any buffer cut from it does.
 */
function smallBuffer(size: number): Buffer {
  if (size > SLAB_READ) return Buffer.allocUnsafe(size);
  if (slabUsed + size > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const buffer = slab.subarray(slabUsed, slabUsed + size);
  slabUsed += (size + 7) & ~7;
  return buffer;
}

/** Bytes `range` of `file` read synchronously (small ranges only: it blocks the event loop for the read). */
function readSmall(file: string, range: ByteRange, key: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === "ENOENT" ? new BlobNotFoundError(key) : e;
  }
  try {
    const buffer = smallBuffer(range.end - range.start + 1);
    for (let filled = 0; filled < buffer.length; ) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, range.start + filled);
      if (n === 0) throw new Error(`The blob ${key} ended ${buffer.length - filled} bytes early.`);
      filled += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** Bytes [start, end) of `fd` in one buffer (small files: one read, one write, no stream bookkeeping). */
async function readWhole(fd: number, start: number, end: number, key: string): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(end - start);
  for (let filled = 0; filled < buffer.length; ) {
    const n = await new Promise<number>((resolve, reject) => readFd(fd, buffer, filled, buffer.length - filled, start + filled, (e, bytes) => (e ? reject(e) : resolve(bytes))));
    if (n === 0) throw new Error(`The blob ${key} ended ${buffer.length - filled} bytes early.`);
    filled += n;
  }
  return buffer;
}

/**
 * Copies bytes [start, end) of `fd` into `dest` and ends it, with two buffers used in turn: the next read
 * overlaps the write in flight, and a buffer is refilled only after its write has completed. No per-chunk
 * allocation, so a 1 GiB download leaves no garbage behind (and no RSS growth waiting for a GC).
 */
async function copyRange(fd: number, start: number, end: number, dest: Writable): Promise<void> {
  // A small file needs one small buffer (most WebDAV GETs are of small files); the second is made when needed.
  const buffers: (Buffer | undefined)[] = [Buffer.allocUnsafeSlow(Math.min(READ_CHUNK, Math.max(end - start, 1)))];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const onClose = () => {
    failure ??= new Error("The client went away before the download finished.");
    wake?.();
  };
  const onError = (e: Error) => {
    failure ??= e;
    wake?.();
  };
  dest.once("close", onClose);
  dest.once("error", onError);
  // Resolves when `chunk` has been handed to the kernel (the buffer may then be reused) or the client is gone.
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      dest.write(chunk, (e) => {
        if (e) failure ??= e;
        resolve();
      });
    });
  try {
    let position = start;
    let writing: Promise<void> | undefined;
    for (let turn = 0; position < end; turn ^= 1) {
      const buffer = (buffers[turn] ??= Buffer.allocUnsafeSlow(READ_CHUNK));
      const want = Math.min(READ_CHUNK, end - position);
      const bytesRead = await new Promise<number>((resolve, reject) => readFd(fd, buffer, 0, want, position, (e, n) => (e ? reject(e) : resolve(n))));
      await writing;
      if (failure) throw failure;
      if (bytesRead === 0) throw new Error(`The blob ended ${end - position} bytes early.`);
      position += bytesRead;
      writing = write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
    await writing;
    if (failure) throw failure;
    await new Promise<void>((resolve, reject) => {
      wake = () => reject(failure);
      dest.end(() => resolve());
    });
  } finally {
    dest.off("close", onClose);
    dest.off("error", onError);
  }
}
