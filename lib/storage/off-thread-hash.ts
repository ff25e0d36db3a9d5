import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** The two digests Haven keeps of every blob: SHA-256 (its identity) and SHA-1 (what Nextcloud clients and rclone check). */
export interface Digests {
  sha256: string;
  sha1: string;
}

/** What an OffThreadHash gives: both digests, or with `{ sha1: false }` the SHA-256 alone. */
export type ReceivedDigests = Digests | { sha256: string; sha1?: undefined };

/** Something fed with a byte sequence in order; `ready` (optional) resolves once it can take more without piling up memory. */
export interface ChunkHasher {
  update(chunk: Buffer): void;
  ready?(): Promise<void>;
}

/** Bytes copied into one message to the worker (fewer, larger messages; the copy is transferred, not cloned). */
const BATCH_BYTES = 1024 * 1024;
/** A writer waits (ready()) while more than this many bytes are queued for its hasher thread. */
const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;

// CommonJS run with `eval`, so the worker needs no file of its own beside the esbuild bundle, tsx or vitest.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const sessions = new Map();
const open = (algorithms) => ({ sha256: algorithms === "sha1" ? null : createHash("sha256"), sha1: algorithms === "sha256" ? null : createHash("sha1") });
parentPort.on("message", (m) => {
  if (m.op === "update") {
    let s = sessions.get(m.id);
    if (!s) sessions.set(m.id, (s = open(m.algorithms)));
    const bytes = new Uint8Array(m.data, 0, m.length);
    if (s.sha256) s.sha256.update(bytes);
    if (s.sha1) s.sha1.update(bytes);
    // The batch goes back to be filled again: fresh memory for every MiB would cost a page fault per 4 KiB.
    parentPort.postMessage({ op: "ack", id: m.id, length: m.length, data: m.data }, [m.data]);
  } else if (m.op === "digest") {
    const s = sessions.get(m.id) ?? open(m.algorithms);
    sessions.delete(m.id);
    parentPort.postMessage({ op: "digest", id: m.id, sha256: s.sha256 ? s.sha256.digest("hex") : undefined, sha1: s.sha1 ? s.sha1.digest("hex") : undefined });
  } else if (m.op === "file") {
    // A whole file read and hashed here: no byte of it passes through the main thread.
    const s = open(m.algorithms);
    try {
      const fd = fs.openSync(m.path, "r");
      try {
        const buf = Buffer.allocUnsafe(1024 * 1024);
        for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
          if (s.sha256) s.sha256.update(buf.subarray(0, n));
          if (s.sha1) s.sha1.update(buf.subarray(0, n));
        }
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      parentPort.postMessage({ op: "digest", id: m.id, error: String((e && e.message) || e) });
      return;
    }
    parentPort.postMessage({ op: "digest", id: m.id, sha256: s.sha256 ? s.sha256.digest("hex") : undefined, sha1: s.sha1 ? s.sha1.digest("hex") : undefined });
  } else if (m.op === "drop") sessions.delete(m.id);
});
`;

type Algorithms = "both" | "sha256" | "sha1";
type Reply = { op: "ack"; id: number; length: number; data: ArrayBuffer } | { op: "digest"; id: number; sha256?: string; sha1?: string; error?: string };

/** Batches the threads gave back, to be filled again (at most about one backlog's worth is kept). */
const spareBatches: ArrayBuffer[] = [];
const MAX_SPARE_BATCHES = 64;

/** One worker thread hashing the sessions assigned to it; a worker that dies fails its sessions and is replaced. */
class HashThread {
  private worker: Worker | undefined;
  private readonly sessions = new Map<number, OffThreadHash>();

  get load(): number {
    return this.sessions.size;
  }

  attach(session: OffThreadHash): void {
    this.sessions.set(session.id, session);
  }

  detach(id: number): void {
    this.sessions.delete(id);
    if (this.sessions.size === 0) this.worker?.unref();
  }

  post(message: { op: string; id: number; algorithms?: Algorithms; data?: ArrayBuffer; length?: number; path?: string }, transfer?: ArrayBuffer[]): void {
    const worker = this.started();
    worker.ref();
    worker.postMessage(message, transfer);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: "haven-hash" });
    worker.on("message", (reply: Reply) => this.sessions.get(reply.id)?.receive(reply));
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const lost = [...this.sessions.values()];
      this.sessions.clear();
      for (const session of lost) session.fail(error);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The hashing thread exited (code ${code}).`)));
    this.worker = worker;
    return worker;
  }
}

const threadCount = () => Math.max(1, Math.min(Number(process.env.HAVEN_HASH_THREADS) || 2, availableParallelism()));
let threads: HashThread[] | undefined;
let nextId = 1;

/**
 * SHA-256 and SHA-1 of a byte sequence, computed on a worker thread so that receiving and writing on the main
 * thread never wait for hashing (a 1 GiB upload spends seconds in the two hashes). `update` copies the bytes
 * (the caller may reuse its buffer at once); `ready` applies backpressure; `digest` waits for the thread to
 * catch up. If the thread fails, `digest` rejects: the caller then hashes the stored bytes itself.
 * `{ sha1: false }`: SHA-256 alone. Large uploads use it: SHA-1 costs as much CPU as SHA-256 (about 0.6 CPU-s per GiB
 * here) on the same two cores as receiving, so a blob stored without it gets it from its blobs.sha1 job instead, which
 * uses `{ sha256: false }` and `sha1Digest`.
 */
export class OffThreadHash implements ChunkHasher {
  readonly id = nextId++;
  private readonly thread: HashThread;
  private batch: Buffer | undefined;
  private filled = 0;
  private backlog = 0;
  private failure: Error | undefined;
  private waiters: (() => void)[] = [];
  private result: { resolve: (d: { sha256?: string; sha1?: string }) => void; reject: (e: Error) => void } | undefined;
  private done = false;
  private readonly algorithms: Algorithms;

  constructor(opts: { sha1?: boolean; sha256?: boolean } = {}) {
    if (opts.sha1 === false && opts.sha256 === false) throw new Error("An OffThreadHash computes SHA-256, SHA-1 or both.");
    this.algorithms = opts.sha1 === false ? "sha256" : opts.sha256 === false ? "sha1" : "both";
    threads ??= Array.from({ length: threadCount() }, () => new HashThread());
    this.thread = threads.reduce((a, b) => (b.load < a.load ? b : a));
    this.thread.attach(this);
  }

  update(chunk: Buffer): void {
    if (this.done) throw new Error("This hash was already finished.");
    let at = 0;
    while (at < chunk.length) {
      if (!this.batch) {
        const spare = spareBatches.pop();
        this.batch = spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(BATCH_BYTES);
      }
      const n = chunk.copy(this.batch, this.filled, at);
      at += n;
      this.filled += n;
      if (this.filled === BATCH_BYTES) this.send();
    }
  }

  /** Resolves once the thread's backlog for this hash is small again (at once if the thread failed). */
  ready(): Promise<void> {
    if (this.backlog <= MAX_BACKLOG_BYTES || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The digests of everything passed to update; the hash is finished after this. */
  async digest(): Promise<ReceivedDigests> {
    if (this.algorithms === "sha1") throw new Error("This hash computes SHA-1 alone (sha1Digest).");
    const { sha256, sha1 } = await this.finish();
    return sha1 === undefined ? { sha256: sha256! } : { sha256: sha256!, sha1 };
  }

  /** The SHA-1 of everything passed to update (a hash made with `{ sha256: false }`); the hash is finished after this. */
  async sha1Digest(): Promise<string> {
    if (this.algorithms === "sha256") throw new Error("This hash computes no SHA-1.");
    return (await this.finish()).sha1!;
  }

  /**
   * The SHA-1 of a whole local file, read by the hashing thread itself (a hash made with `{ sha256: false }`, given
   * nothing through update); the hash is finished after this.
   */
  async sha1OfFile(filePath: string): Promise<string> {
    if (this.algorithms === "sha256") throw new Error("This hash computes no SHA-1.");
    if (this.done || this.batch || this.backlog > 0) throw new Error("sha1OfFile takes a fresh hash.");
    this.done = true;
    const { sha1 } = await new Promise<{ sha1?: string }>((resolve, reject) => {
      this.result = { resolve, reject };
      this.thread.post({ op: "file", id: this.id, algorithms: this.algorithms, path: filePath });
    });
    return sha1!;
  }

  private finish(): Promise<{ sha256?: string; sha1?: string }> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.reject(new Error("This hash was already finished."));
    this.send();
    this.done = true;
    return new Promise((resolve, reject) => {
      this.result = { resolve, reject };
      this.thread.post({ op: "digest", id: this.id, algorithms: this.algorithms });
    });
  }

  /** Drops the hash without a digest (an upload forgotten or cancelled). */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    this.batch = undefined;
    if (!this.failure) this.thread.post({ op: "drop", id: this.id });
    this.thread.detach(this.id);
    this.wake();
  }

  /** @internal a reply from the thread */
  receive(reply: Reply): void {
    if (reply.op === "ack") {
      if (spareBatches.length < MAX_SPARE_BATCHES) spareBatches.push(reply.data);
      this.backlog -= reply.length;
      if (this.backlog <= MAX_BACKLOG_BYTES) this.wake();
      return;
    }
    this.thread.detach(this.id);
    if (reply.error !== undefined) this.result?.reject(new Error(reply.error));
    else this.result?.resolve({ sha256: reply.sha256, sha1: reply.sha1 });
  }

  /** @internal the thread died */
  fail(error: Error): void {
    this.failure = error;
    this.done = true;
    this.wake();
    this.result?.reject(error);
  }

  private send(): void {
    if (!this.batch || this.filled === 0 || this.failure) return;
    const data = this.batch.buffer as ArrayBuffer;
    const length = this.filled;
    this.batch = undefined;
    this.filled = 0;
    this.backlog += length;
    this.thread.post({ op: "update", id: this.id, algorithms: this.algorithms, data, length }, [data]);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
