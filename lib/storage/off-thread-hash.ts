import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** The two digests Haven keeps of every blob: SHA-256 (its identity) and SHA-1 (what Nextcloud clients and rclone check). */
export interface Digests {
  sha256: string;
  sha1: string;
}

/** Something fed with a byte sequence in order; `ready` (optional) resolves once it can take more without piling up memory. */
export interface ChunkHasher {
  update(chunk: Buffer): void;
  ready?(): Promise<void>;
}

/** Bytes copied into one batch for the threads (fewer, larger messages: each costs a wake-up of the other side). */
const BATCH_BYTES = 4 * 1024 * 1024;
/** A writer waits (ready()) while more than this many bytes are queued for its hasher threads. */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

type Algorithm = keyof Digests;
const ALGORITHMS: Algorithm[] = ["sha256", "sha1"];

// CommonJS run with `eval`, so the worker needs no file of its own beside the esbuild bundle, tsx or vitest. A thread
// keeps, per session, the hashes of the algorithms the session gave it; batches are shared memory (read, not copied).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const sessions = new Map();
const hashesOf = (m) => new Map(m.algorithms.map((a) => [a, createHash(a)]));
parentPort.on("message", (m) => {
  if (m.op === "update") {
    let s = sessions.get(m.id);
    if (!s) sessions.set(m.id, (s = hashesOf(m)));
    const bytes = new Uint8Array(m.data, 0, m.length);
    for (const hash of s.values()) hash.update(bytes);
    parentPort.postMessage({ op: "ack", id: m.id, seq: m.seq });
  } else if (m.op === "digest") {
    const s = sessions.get(m.id) ?? hashesOf(m);
    sessions.delete(m.id);
    const digests = {};
    for (const [a, hash] of s) digests[a] = hash.digest("hex");
    parentPort.postMessage({ op: "digest", id: m.id, digests });
  } else if (m.op === "drop") sessions.delete(m.id);
});
`;

type Reply = { op: "ack"; id: number; seq: number } | { op: "digest"; id: number; digests: Partial<Digests> };
type Message = { op: "update" | "digest" | "drop"; id: number; algorithms?: Algorithm[]; data?: SharedArrayBuffer; length?: number; seq?: number };

/** Batches the threads are done with, to be filled again: fresh memory for every batch would cost a page fault per 4 KiB. */
const spareBatches: SharedArrayBuffer[] = [];
const MAX_SPARE_BATCHES = MAX_BACKLOG_BYTES / BATCH_BYTES + 2;

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

  post(message: Message): void {
    const worker = this.started();
    worker.ref();
    worker.postMessage(message);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: "haven-hash" });
    worker.on("message", (reply: Reply) => this.sessions.get(reply.id)?.receive(this, reply));
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

/** Which thread computes which digests of one hash: both on one thread, or one each on the two least busy. */
function assignThreads(): { thread: HashThread; algorithms: Algorithm[] }[] {
  threads ??= Array.from({ length: threadCount() }, () => new HashThread());
  const byLoad = [...threads].sort((a, b) => a.load - b.load);
  if (byLoad.length === 1) return [{ thread: byLoad[0]!, algorithms: ALGORITHMS }];
  return ALGORITHMS.map((algorithm, i) => ({ thread: byLoad[i]!, algorithms: [algorithm] }));
}

/**
 * SHA-256 and SHA-1 of a byte sequence, computed on worker threads so that receiving and writing on the main thread
 * never wait for hashing (a 1 GiB upload spends seconds in the two hashes). With two or more threads
 * (HAVEN_HASH_THREADS, default 2) the two digests run on two threads at once, both reading the same shared batch.
 * `update` copies the bytes (the caller may reuse its buffer at once); `ready` applies backpressure; `digest` waits
 * for the threads to catch up. If a thread fails, `digest` rejects: the caller then hashes the stored bytes itself.
 */
export class OffThreadHash implements ChunkHasher {
  readonly id = nextId++;
  private readonly parts: { thread: HashThread; algorithms: Algorithm[] }[];
  private batch: Buffer | undefined;
  private filled = 0;
  private backlog = 0;
  /** Batches a thread still reads, by sequence number: the buffer, its length and how many threads are not done. */
  private readonly inFlight = new Map<number, { data: SharedArrayBuffer; length: number; pending: number }>();
  private seq = 0;
  private failure: Error | undefined;
  private waiters: (() => void)[] = [];
  private result: { digests: Partial<Digests>; pending: number; resolve: (d: Digests) => void; reject: (e: Error) => void } | undefined;
  private done = false;

  constructor() {
    this.parts = assignThreads();
    for (const { thread } of this.parts) thread.attach(this);
  }

  update(chunk: Buffer): void {
    if (this.done) throw new Error("This hash was already finished.");
    let at = 0;
    while (at < chunk.length) {
      if (!this.batch) this.batch = Buffer.from(spareBatches.pop() ?? new SharedArrayBuffer(BATCH_BYTES));
      const n = chunk.copy(this.batch, this.filled, at);
      at += n;
      this.filled += n;
      if (this.filled === BATCH_BYTES) this.send();
    }
  }

  /** Resolves once the threads' backlog for this hash is small again (at once if a thread failed). */
  ready(): Promise<void> {
    if (this.backlog <= MAX_BACKLOG_BYTES || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Both digests of everything passed to update; the hash is finished after this. */
  digest(): Promise<Digests> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.reject(new Error("This hash was already finished."));
    this.send();
    this.done = true;
    return new Promise<Digests>((resolve, reject) => {
      this.result = { digests: {}, pending: this.parts.length, resolve, reject };
      for (const { thread, algorithms } of this.parts) thread.post({ op: "digest", id: this.id, algorithms });
    });
  }

  /** Drops the hash without a digest (an upload forgotten or cancelled). */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    this.batch = undefined;
    for (const { thread } of this.parts) {
      if (!this.failure) thread.post({ op: "drop", id: this.id });
      thread.detach(this.id);
    }
    this.wake();
  }

  /** @internal a reply from one of the threads */
  receive(from: HashThread, reply: Reply): void {
    if (reply.op === "ack") {
      const batch = this.inFlight.get(reply.seq);
      if (!batch || --batch.pending > 0) return;
      this.inFlight.delete(reply.seq);
      if (spareBatches.length < MAX_SPARE_BATCHES) spareBatches.push(batch.data);
      this.backlog -= batch.length;
      if (this.backlog <= MAX_BACKLOG_BYTES) this.wake();
      return;
    }
    from.detach(this.id);
    const result = this.result;
    if (!result) return;
    Object.assign(result.digests, reply.digests);
    if (--result.pending === 0) result.resolve(result.digests as Digests);
  }

  /** @internal a thread died */
  fail(error: Error): void {
    this.failure = error;
    this.done = true;
    for (const { thread } of this.parts) thread.detach(this.id);
    this.wake();
    this.result?.reject(error);
  }

  private send(): void {
    if (!this.batch || this.filled === 0 || this.failure) return;
    const data = this.batch.buffer as SharedArrayBuffer;
    const length = this.filled;
    const seq = this.seq++;
    this.batch = undefined;
    this.filled = 0;
    this.backlog += length;
    this.inFlight.set(seq, { data, length, pending: this.parts.length });
    for (const { thread, algorithms } of this.parts) thread.post({ op: "update", id: this.id, algorithms, data, length, seq });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
