import "server-only";
import { chunks } from "@/lib/domain/chunks";
import { notifyVersionCommitted, type VersionCommittedListener } from "./version-events";
import { auditPartnerAction } from "./partner-audit";
import { NODE_ACTIVITY, recordNodeActivity } from "./node-activity";
import { utcDay } from "@/lib/domain/day";
import { Readable } from "node:stream";
import mime from "mime-types";
import { idsOfPath, newEtag } from "@/lib/domain/etag";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import { assertValidName, extensionOf, pathSegments } from "@/lib/domain/names";
import { linkActor, linkState, modeUploads } from "@/lib/domain/share";
import type { Actor, Rights } from "@/lib/domain/permissions";
import type { NodeRecord, PolicyRecord, SpaceRecord, UploadRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import { TooLargeError, type StorageDriver } from "@/lib/storage/driver";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { FileService } from "./file.service";
import type { DailyCounters } from "./daily-counters";
import type { LockService } from "./lock.service";
import type { SpaceService } from "./space.service";
import { chargeQuota, quotaExceeded, remainingQuota, reserveQuota } from "./quota";
import { freeName, isUniqueViolation } from "./tree";
import { enqueueThumbnails } from "./thumbnail.service";
import { enqueueSha1 } from "./sha1-backfill.service";
import { digestsOf } from "@/lib/storage/hash";

export type OnConflict = "rename" | "replace";

export interface BeginUploadInput {
  parentId: number;
  /** the file name, or a relative path "a/b/c.txt" whose folders are created */
  name: string;
  size: number;
  onConflict?: OnConflict;
  mtime?: Date;
  /**
   * Visitor uploads (link actors) only, and required for them: their reservation rule, run in the upload's
   * transaction before its row is created. They hold nothing in the space's reservedBytes (VisitorUploadService).
   */
  reserve?: (repos: Repositories, spaceId: number) => Promise<void>;
  /** how long the upload lives without activity (default UPLOAD_TTL_MS) */
  ttlMs?: number;
}

/**
 * What the caller already resolved in this request for this actor (WebDAV: the target's folder with its rights, the
 * node under the name, the space), so the service does not read it again. Everything is re-checked at commit.
 */
export interface ResolvedTarget {
  parent: { node: NodeRecord; rights: Rights };
  /** the live node under the name, as resolved with the folder (null: none the actor can see) */
  existing: NodeRecord | null;
  /** the folder's space, if the caller has it */
  space?: SpaceRecord;
}

/** A file as the writer last saw it: a save replaces it only while it is still this node (at this ETag, if given). */
export interface ExpectedFile {
  nodeId: number;
  etag?: string;
}

/** What putStream takes. */
export interface PutStreamInput {
  parentId: number;
  name: string;
  body: Readable;
  declaredSize?: number;
  onConflict?: OnConflict;
  mtime?: Date;
  expectedSha256?: string;
  resolved?: ResolvedTarget;
  /** replace only this file at this ETag (checked again in the commit's transaction): PRECONDITION_FAILED otherwise */
  ifMatch?: ExpectedFile;
}

/** One file of a batch (putMany): small, whole in memory, replacing the file under its name. */
export interface BatchFile {
  parentId: number;
  name: string;
  content: Buffer;
  mtime?: Date;
  resolved?: ResolvedTarget;
  /** instead of `resolved`: the file's folder as the request resolved it; putMany reads the folders' files by name at once */
  folder?: Omit<ResolvedTarget, "existing">;
}

export type BatchResult = { ok: true; node: NodeRecord } | { ok: false; error: unknown };

/** Bodies declared up to this size are written without a reservation (see putStream). */
export const DIRECT_WRITE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A body declared at most this size has its locks checked by the commit only (settleFile's guard, in its transaction),
 * not also before it is read: a write refused for a lock then costs a small file written and deleted, and every
 * other small PUT one statement less (a Prisma query on PostgreSQL).
 */
const SMALL_BODY_LOCKS_AT_COMMIT = 64 * 1024;

/** Where a commit writes: an upload's row, or a direct write's prepared target. */
interface CommitTarget {
  spaceId: number;
  parentId: number;
  name: string;
  onConflict: OnConflict;
  mtime: Date | null;
  policyId: number;
  /** bytes of the writer's own reservation that the charge turns into usage (0: none) */
  releasing: number;
}

/** What the request resolved for the commit to trust, as far as settleFile confirms it. */
interface Seen {
  parent: NodeRecord;
  existing: NodeRecord | null;
}

interface Prepared {
  name: string;
  parent: NodeRecord;
  space: SpaceRecord;
  policy: PolicyRecord;
  driver: StorageDriver;
  seen?: Seen;
}

/** What a batch (putMany) reads once for all its files: spaces, policies, and whether a space has any lock. */
interface PrepareMemo {
  spaces: Map<number, Promise<SpaceRecord>>;
  policies: Map<number, Promise<PolicyRecord>>;
  locked: Map<number, Promise<boolean>>;
}

/** A batch's file whose bytes are written and durable, waiting for its commit. */
interface Written {
  index: number;
  driver: StorageDriver;
  content: Content;
  target: CommitTarget;
  seen?: Seen;
}

/** New files one multi-row commit takes at most (bind parameters stay far below SQLite's and PostgreSQL's limits). */
const BATCH_ROWS = 500;

/** The value under `key`, made once per map by `make` (no map: made every time). */
function remembered<K, V>(map: Map<K, Promise<V>> | undefined, key: K, make: () => Promise<V>): Promise<V> {
  if (!map) return make();
  let value = map.get(key);
  if (!value) map.set(key, (value = make()));
  return value;
}

/** The tree changed between the request's resolution and the commit (settleFile refused); the commit runs again. */
class StaleSight extends Error {}

interface Content {
  key: string;
  size: number;
  sha256: string;
  sha1?: string;
  /** the driver's deferred durability (PutResult.durable): the commit waits for it last, just before it commits */
  durable?: Promise<void>;
}

/** Deletes stored bytes no row will name, once their deferred durability (if any) has settled. */
async function discard(driver: StorageDriver, content: Content): Promise<void> {
  await content.durable?.catch(() => undefined);
  await driver.delete(content.key);
}

/** Incomplete uploads are released this long after their last activity. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Writes file content: resumable uploads (begin → bytes land in place → finish) and one-shot streams.
 * Checks the name, folder rights, policy limits and quota before any byte is accepted, and never leaves
 * a row pointing at missing bytes (bytes are durable before rows; failed commits delete the bytes).
 */
export class UploadService {
  /** Told of every committed upload (a new file or a new version); see version-events.ts. */
  readonly versionCommitted: VersionCommittedListener[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileService,
    private readonly spaces: SpaceService,
    private readonly storage: StorageRegistry,
    private readonly clock: Clock,
    private readonly locks: LockService,
    private readonly counters: DailyCounters,
  ) {}

  /** Validates and reserves quota for an upload; the caller stores the bytes under the returned upload. */
  async begin(actor: Actor, uploadId: string, input: BeginUploadInput, resolved?: ResolvedTarget): Promise<{ upload: UploadRecord; policy: PolicyRecord; driver: StorageDriver; space: SpaceRecord }> {
    const { name, parent, space, policy, driver } = await this.prepare(actor, input, resolved);
    return this.uow.transaction(async (repos) => {
      if (actor.link) {
        if (!input.reserve) throw new Error("Visitor uploads reserve through the visitor upload service.");
        await input.reserve(repos, space.id);
      } else await reserveQuota(repos, space.id, input.size);
      const now = this.clock.now();
      const upload = await repos.uploads.create({
        id: uploadId,
        userId: actor.userId,
        spaceId: space.id,
        parentId: parent.id,
        name,
        size: input.size,
        onConflict: input.onConflict ?? "rename",
        mtime: input.mtime ?? null,
        policyId: policy.id,
        storageKey: driver.newKey(),
        shareLinkId: actor.link?.id ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + (input.ttlMs ?? UPLOAD_TTL_MS)),
      });
      return { upload, policy, driver, space };
    });
  }

  /**
   * The early refusals, on committed state and outside any transaction: name, folder rights, policy limits, a
   * folder under the name, locks. The commit checks rights, locks, names and quota again when the bytes are in.
   */
  private async prepare(actor: Actor, input: BeginUploadInput, resolved?: ResolvedTarget, memo?: PrepareMemo, opts: { locksAtCommit?: boolean } = {}): Promise<Prepared> {
    const segments = pathSegments(input.name);
    const name = segments.pop();
    if (!name) throw new DomainError("INVALID_NAME", "A file name is required.");
    assertValidName(name);
    if (!Number.isSafeInteger(input.size) || input.size < 0) throw new DomainError("INVALID_INPUT", "The upload needs its size in bytes.");
    const known = resolved && segments.length === 0 && resolved.parent.node.id === input.parentId ? resolved : undefined;
    const parent =
      segments.length > 0
        ? await this.files.ensureFolderPath(actor, input.parentId, segments)
        : await this.access.requireContentTarget(actor, { parentId: input.parentId, name, replace: input.onConflict === "replace", resolved: known });
    const repos = this.uow.repos;
    const space = known?.space?.id === parent.spaceId ? known.space : await remembered(memo?.spaces, parent.spaceId, async () => (await repos.spaces.findById(parent.spaceId))!);
    const policy = await remembered(memo?.policies, space.policyId, () => this.spaces.policyOf(space, repos));
    this.checkPolicy(policy, name, input.size);
    const existing = known ? known.existing : await repos.nodes.findLiveChild(parent.id, name);
    if (existing?.isFolder && input.onConflict === "replace") throw new DomainError("CONFLICT", `"${name}" is a folder and cannot be replaced by a file.`);
    // A batch asks once per space whether it has any lock at all (the commit checks again in its transaction);
    // `locksAtCommit` leaves locks to the commit alone (small bodies: see SMALL_BODY_LOCKS_AT_COMMIT).
    const mayBeLocked = opts.locksAtCommit ? false : memo ? await remembered(memo.locked, space.id, () => repos.davLocks.anyActive(space.id, this.clock.now())) : true;
    if (mayBeLocked) await this.locks.assertNodesWritable(actor, [{ node: parent, child: name, withParent: !(existing && input.onConflict === "replace") }], repos);
    return { name, parent, space, policy, driver: this.storage.driverFor(policy), seen: known ? { parent, existing } : undefined };
  }

  async find(uploadId: string): Promise<UploadRecord | null> {
    return this.uow.repos.uploads.findById(uploadId);
  }

  /** Keeps an active upload from expiring. */
  async touch(uploadId: string): Promise<void> {
    await this.uow.repos.uploads.extend(uploadId, new Date(this.clock.now().getTime() + UPLOAD_TTL_MS));
  }

  /**
   * Completes an upload whose bytes sit complete in a local file: stores it as the blob (local storage: made durable
   * and linked, without copying; S3: one multipart upload) and creates the file or a new version. `sha256` and `sha1`
   * are the digests the caller computed while receiving the bytes, if it could; without both the file is read again
   * to hash it. `actor` is who finished it: the
   * authenticated actor of that request, whose credential limits (read-only, folder scope, lock tokens) the commit
   * applies; it must be the upload's user. A visitor's upload (no actor) commits as its link while the link stays
   * live. The caller removes its file after.
   */
  async finishFromLocalFile(uploadId: string, filePath: string, opts: { actor?: Actor; sha256?: string; sha1?: string; mtime?: Date; ifMatch?: ExpectedFile } = {}): Promise<NodeRecord> {
    const found = await this.uow.repos.uploads.findById(uploadId);
    if (!found) throw new DomainError("NOT_FOUND", "This upload has expired or was cancelled.");
    // `mtime`: the modification time the client gave only when finishing (a chunked upload's MOVE); `ifMatch`: replace
    // only that file at that ETag (checked in the commit's transaction).
    const upload = opts.mtime ? { ...found, mtime: opts.mtime } : found;
    const driver = await this.driverOf(upload);
    let content: Content;
    try {
      // Local storage: fsynced and hard-linked, never copied. S3: streamed in as one multipart upload.
      const stored = await driver.storeLocalFile(filePath, upload.storageKey, { sha256: opts.sha256, sha1: opts.sha1 });
      if (stored.size !== upload.size) throw new DomainError("INVALID_INPUT", `Expected ${upload.size} bytes but received ${stored.size}.`);
      content = { key: upload.storageKey, ...stored };
    } catch (e) {
      await driver.delete(upload.storageKey).catch(() => undefined);
      await this.cancel(upload.id);
      await driver.removeLocalFile(filePath);
      throw e;
    }
    return this.commitUpload(upload, driver, content, (repos) => this.uploaderOf(repos, upload, opts.actor), opts.ifMatch);
  }

  /**
   * Completes an upload whose bytes were staged in the store under its blob key and now form the whole object there
   * (tus into S3: s3-store completed the multipart upload under `storageKey`). Nothing is copied: the object becomes
   * the blob. `sha256` and `sha1` as in finishFromLocalFile (without both the object is read once to hash it). The
   * caller removes its own staging records.
   */
  async finishInStore(uploadId: string, opts: { actor?: Actor; sha256?: string; sha1?: string } = {}): Promise<NodeRecord> {
    const upload = await this.uow.repos.uploads.findById(uploadId);
    if (!upload) throw new DomainError("NOT_FOUND", "This upload has expired or was cancelled.");
    const driver = await this.driverOf(upload);
    let content: Content;
    try {
      const stored = await driver.stat(upload.storageKey);
      if (!stored) throw new DomainError("STORAGE_ERROR", "The uploaded content is missing from storage.");
      if (stored.size !== upload.size) throw new DomainError("INVALID_INPUT", `Expected ${upload.size} bytes but received ${stored.size}.`);
      const digests = opts.sha256 !== undefined && opts.sha1 !== undefined ? { sha256: opts.sha256, sha1: opts.sha1 } : await digestsOf(await driver.get(upload.storageKey));
      content = { key: upload.storageKey, size: stored.size, ...digests };
    } catch (e) {
      await this.cancel(upload.id);
      await driver.delete(upload.storageKey).catch(() => undefined);
      throw e;
    }
    return this.commitUpload(upload, driver, content, (repos) => this.uploaderOf(repos, upload, opts.actor));
  }

  /** An upload in progress and the driver of its policy (where a store that stages in place puts its bytes). */
  async stagingOf(uploadId: string): Promise<{ upload: UploadRecord; driver: StorageDriver } | null> {
    const upload = await this.uow.repos.uploads.findById(uploadId);
    return upload ? { upload, driver: await this.driverOf(upload) } : null;
  }

  /** Cancels an upload and releases its reservation (idempotent). */
  async cancel(uploadId: string): Promise<void> {
    await this.uow.transaction(async (repos) => {
      const upload = await repos.uploads.findById(uploadId);
      if (upload && (await repos.uploads.remove(uploadId)) && upload.shareLinkId === null) await repos.spaces.release(upload.spaceId, upload.size);
    });
  }

  /**
   * Releases uploads idle past their expiry and discards what they staged in their store (S3: aborts the multipart
   * upload); returns their ids so the caller can delete partial bytes it staged itself (tus's local folder).
   */
  async expire(now: Date = this.clock.now()): Promise<string[]> {
    const expired = await this.uow.repos.uploads.expired(now, 500);
    const released: string[] = [];
    let failure: unknown;
    for (const u of expired) {
      try {
        const driver = await this.driverOf(u);
        if (driver.capabilities.stagedUploads) {
          await driver.discardStagedUpload(u.storageKey);
          // Completed in the store but never committed (the finishing request died): no blob row names the key.
          await driver.delete(u.storageKey);
        }
      } catch (e) {
        // Kept (and retried by the next run) while its store does not answer; the others are released meanwhile.
        failure ??= e;
        continue;
      }
      await this.cancel(u.id);
      released.push(u.id);
    }
    if (failure && released.length === 0) throw failure;
    if (failure) console.error("uploads.expire: some staged uploads could not be discarded yet", failure);
    return released;
  }

  /**
   * Stores a whole stream as a file (WebDAV PUT, small uploads). A declared size is the most the body may bring;
   * without one the body may bring what the quota (and the policy) still allow. Past that the stream is not read any
   * further: QUOTA_EXCEEDED or TOO_LARGE, and nothing of it is kept. The commit applies the same actor. `resolved`
   * spares reading again what the caller resolved in this request.
   *
   * Bodies declared larger than DIRECT_WRITE_MAX_BYTES reserve their size first (an upload row, as tus does), so
   * that concurrent large writes cannot together overrun the quota. Smaller ones (and undeclared ones) are written
   * and fsynced, then committed in ONE transaction whose conditional quota UPDATE is the quota check.
   */
  async putStream(actor: Actor, input: PutStreamInput): Promise<NodeRecord> {
    // Visitors' writes always go through their own reservation rule (begin refuses one without it).
    if (actor.link || (input.declaredSize !== undefined && input.declaredSize > DIRECT_WRITE_MAX_BYTES)) return this.putReserved(actor, input);
    const size = input.declaredSize ?? 0;
    const onConflict = input.onConflict ?? "rename";
    const locksAtCommit = input.declaredSize !== undefined && input.declaredSize <= SMALL_BODY_LOCKS_AT_COMMIT;
    const prepared = await this.prepare(actor, { parentId: input.parentId, name: input.name, size, onConflict }, input.resolved, undefined, { locksAtCommit });
    const { driver, policy, space } = prepared;
    // A declared size that cannot fit is refused before a byte is read (WebDAV's 100 Continue waits for this).
    const quotaLeft = remainingQuota(space);
    if (input.declaredSize !== undefined && quotaLeft !== null && input.declaredSize > quotaLeft) throw quotaExceeded(input.declaredSize);
    const limit = this.bodyLimit(input.declaredSize, space, policy);
    const key = driver.newKey();
    let content: Content;
    try {
      // The commit's statements run while the bytes are fsynced; it commits after (commit() waits for `durable`).
      content = { key, ...(await driver.put(key, input.body, { maxBytes: limit.bytes, deferDurability: true })) };
    } catch (e) {
      throw e instanceof TooLargeError ? limit.error() : e;
    }
    await this.checkReceived(input, content, driver, async () => undefined);
    const target: CommitTarget = { spaceId: space.id, parentId: prepared.parent.id, name: prepared.name, onConflict, mtime: input.mtime ?? null, policyId: policy.id, releasing: 0 };
    return this.commitContent(driver, content, async () => undefined, (repos, seen) => this.commit(repos, actor, target, content, input.ifMatch, seen), prepared.seen);
  }

  /**
   * Stores a batch of small files (Nextcloud's bulk upload): each is checked as in putStream (the space, its policy
   * and whether it has locks read once per batch), the bytes are written by the driver's putBuffers (several at a time,
   * durable before the commit), then they commit. New files the request resolved commit per folder in ONE transaction of multi-row statements
   * (commitNewFiles: a fixed number of statements, not some per file); the others (new versions, paths with folders)
   * together in one transaction of per-file commits. If a transaction fails (a file over the quota, a lock, a name
   * taken meanwhile), each of its files commits on its own instead, so a bad file fails only itself. Answers per
   * file, in order, its node or why it was not stored; nothing of a refused file is kept.
   */
  async putMany(actor: Actor, files: BatchFile[]): Promise<BatchResult[]> {
    if (actor.link) throw new Error("Visitor uploads reserve through the visitor upload service.");
    // Every path below sets each file's result; this one error (made once: an Error captures a stack) is a safeguard.
    const notCommitted = new DomainError("STORAGE_ERROR", "The file was not committed.");
    const results: BatchResult[] = files.map(() => ({ ok: false, error: notCommitted }));
    const memo: PrepareMemo = { spaces: new Map(), policies: new Map(), locked: new Map() };
    const prepared: { index: number; file: BatchFile; prepared: Prepared }[] = [];
    const resolvedOf = await this.resolveFolders(files);
    for (const [index, file] of files.entries()) {
      try {
        prepared.push({ index, file, prepared: await this.prepare(actor, { parentId: file.parentId, name: file.name, size: file.content.length, onConflict: "replace" }, resolvedOf(file), memo) });
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
    const written: Written[] = [];
    // Per driver, all its files in one putBuffers (several in flight; the local driver fsyncs each folder once).
    const byDriver = new Map<StorageDriver, typeof prepared>();
    for (const item of prepared) {
      const items = byDriver.get(item.prepared.driver);
      if (items) items.push(item);
      else byDriver.set(item.prepared.driver, [item]);
    }
    for (const [driver, items] of byDriver) {
      const keys = driver.newKeys(items.length);
      const stored = await driver.putBuffers(items.map(({ file }, i) => ({ key: keys[i]!, bytes: file.content })));
      for (const [i, { index, file, prepared: p }] of items.entries()) {
        const outcome = stored[i]!;
        if (outcome.status === "rejected") {
          results[index] = { ok: false, error: outcome.reason };
          continue;
        }
        const target: CommitTarget = { spaceId: p.space.id, parentId: p.parent.id, name: p.name, onConflict: "replace", mtime: file.mtime ?? null, policyId: p.policy.id, releasing: 0 };
        written.push({ index, driver, content: { key: keys[i]!, ...outcome.value }, target, seen: p.seen });
      }
    }
    written.sort((a, b) => a.index - b.index);
    const fresh = new Map<number, Written[]>();
    const others: Written[] = [];
    for (const w of written) {
      if (w.seen && w.seen.existing === null) fresh.set(w.target.parentId, [...(fresh.get(w.target.parentId) ?? []), w]);
      else others.push(w);
    }
    const groups = [...fresh.values()].flatMap((group) => chunks(group, BATCH_ROWS));
    for (const group of groups) await this.commitBatch(actor, group, results, (repos) => this.commitNewFiles(repos, actor, group[0]!.seen!.parent, group));
    if (others.length > 0) {
      await this.commitBatch(actor, others, results, async (repos) => {
        const nodes: NodeRecord[] = [];
        for (const w of others) nodes.push(await this.commit(repos, actor, w.target, w.content, undefined, w.seen));
        return nodes;
      });
    }
    return results;
  }

  /** Each file's ResolvedTarget: its own, or its folder's with the file under its name (one read per folder). */
  private async resolveFolders(files: BatchFile[]): Promise<(file: BatchFile) => ResolvedTarget | undefined> {
    const names = new Map<number, string[]>();
    for (const f of files) if (f.folder && !f.resolved) names.set(f.folder.parent.node.id, [...(names.get(f.folder.parent.node.id) ?? []), f.name]);
    const existing = new Map<string, NodeRecord>();
    for (const [folderId, inFolder] of names) for (const node of await this.uow.repos.nodes.liveChildrenNamed(folderId, inFolder)) existing.set(`${folderId}/${node.name}`, node);
    return (f) => f.resolved ?? (f.folder && { ...f.folder, existing: existing.get(`${f.folder.parent.node.id}/${f.name}`) ?? null });
  }

  /**
   * Commits written files with `write` in one transaction, then tells the listeners of them all at once (the search
   * index enqueues their jobs in one statement); if it fails, each on its own (a bad file fails alone).
   */
  private async commitBatch(actor: Actor, batch: Written[], results: BatchResult[], write: (repos: Repositories) => Promise<NodeRecord[]>): Promise<void> {
    const nodes = await this.uow.transaction(write).catch(() => null);
    if (nodes) {
      this.countUploads(nodes);
      for (const [i, w] of batch.entries()) results[w.index] = { ok: true, node: nodes[i]! };
      await notifyVersionCommitted(this.versionCommitted, nodes);
      return;
    }
    for (const w of batch) {
      try {
        results[w.index] = { ok: true, node: await this.commitContent(w.driver, w.content, async () => undefined, (repos, seen) => this.commit(repos, actor, w.target, w.content, undefined, seen), w.seen) };
      } catch (error) {
        results[w.index] = { ok: false, error };
      }
    }
  }

  /**
   * commit() for new files of ONE folder that the request resolved (none was under its name), in a fixed number of
   * statements: one quota charge for their sum, one insert each of blobs, nodes and versions, one settleNewFiles,
   * the lock re-check and the activity events (plus a thumbnail job per image). Throws (and the
   * caller commits each file alone) when anything does not hold: the quota, a lock, a name taken meanwhile.
   */
  private async commitNewFiles(repos: Repositories, actor: Actor, parent: NodeRecord, batch: Written[]): Promise<NodeRecord[]> {
    const total = batch.reduce((sum, w) => sum + w.content.size, 0);
    await chargeQuota(repos, parent.spaceId, total);
    const now = this.clock.now();
    const blobs = await repos.blobs.createManyReferenced(
      batch.map(({ target, content }) => ({ policyId: target.policyId, key: content.key, size: content.size, sha256: content.sha256, sha1: content.sha1 ?? null })),
    );
    const types = batch.map((w) => mime.lookup(w.target.name) || "application/octet-stream");
    for (const [i, blob] of blobs.entries()) await enqueueThumbnails(repos, blob.id, types[i]!, now);
    await this.locks.assertNodesWritable(actor, batch.map((w) => ({ node: parent, child: w.target.name, withParent: true })), repos);
    const inserted = await repos.nodes.insertFiles(
      batch.map((w, i) => ({ spaceId: parent.spaceId, parentId: parent.id, name: w.target.name, size: w.content.size, mimeType: types[i]!, etag: newEtag(), mtime: w.target.mtime ?? now, creatorId: actor.userId })),
    );
    const versions = await repos.blobs.createVersions(
      inserted.map((node, i) => ({ nodeId: node.id, blobId: blobs[i]!.id, size: node.size, sha256: batch[i]!.content.sha256, authorId: actor.userId, mtime: node.mtime, createdAt: now })),
    );
    const files = inserted.map((node, i): NodeRecord => ({ ...node, path: `${parent.path}${node.id}/`, currentVersionId: versions[i]!.id, updatedAt: now }));
    const settled = await repos.nodes.settleNewFiles({
      files: files.map((f) => ({ id: f.id, currentVersionId: f.currentVersionId! })),
      ancestors: idsOfPath(parent.path),
      parentPath: parent.path,
      etag: newEtag(),
      sizeDelta: total,
      now,
    });
    if (!settled) throw new StaleSight();
    await auditPartnerAction(repos, actor, "file.upload", files.map((f) => f.id), now);
    await recordNodeActivity(repos, actor, NODE_ACTIVITY.created, files, now);
    return files;
  }

  /** putStream for a large declared body: its size reserved first, under an upload row. */
  private async putReserved(actor: Actor, input: PutStreamInput): Promise<NodeRecord> {
    const { upload, driver, policy, space } = await this.begin(
      actor,
      `put-${newEtag()}`,
      { parentId: input.parentId, name: input.name, size: input.declaredSize ?? 0, onConflict: input.onConflict, mtime: input.mtime },
      input.resolved,
    );
    const limit = this.bodyLimit(input.declaredSize, space, policy);
    let content: Content;
    try {
      content = { key: upload.storageKey, ...(await driver.put(upload.storageKey, input.body, { maxBytes: limit.bytes })) };
    } catch (e) {
      await this.cancel(upload.id);
      throw e instanceof TooLargeError ? limit.error() : e;
    }
    await this.checkReceived(input, content, driver, () => this.cancel(upload.id));
    return this.commitUpload(upload, driver, content, async () => actor, input.ifMatch);
  }

  /** The declared size and checksum against what arrived; a mismatch deletes the bytes (and runs `undo`). */
  private async checkReceived(input: PutStreamInput, content: Content, driver: StorageDriver, undo: () => Promise<void>): Promise<void> {
    let refusal: DomainError | undefined;
    if (input.declaredSize !== undefined && content.size !== input.declaredSize) {
      refusal = new DomainError("INVALID_INPUT", `Expected ${input.declaredSize} bytes but received ${content.size}.`);
    } else if (input.expectedSha256 !== undefined && content.sha256 !== input.expectedSha256.toLowerCase()) {
      refusal = new DomainError("INVALID_INPUT", "The content does not match its checksum.", { expected: input.expectedSha256, actual: content.sha256 });
    }
    if (!refusal) return;
    await undo();
    await discard(driver, content);
    throw refusal;
  }

  /** The most bytes a stream may bring, and the refusal past it: its declared size, else the quota left or the policy's cap. */
  private bodyLimit(declaredSize: number | undefined, space: SpaceRecord, policy: PolicyRecord): { bytes?: number; error: () => DomainError } {
    if (declaredSize !== undefined) {
      return { bytes: declaredSize, error: () => new DomainError("TOO_LARGE", `The body is longer than its declared ${declaredSize} bytes.`, { declaredSize }) };
    }
    const quotaLeft = remainingQuota(space);
    if (policy.maxFileSize !== null && (quotaLeft === null || policy.maxFileSize < quotaLeft)) {
      return { bytes: policy.maxFileSize, error: () => this.tooLarge(policy.maxFileSize!) };
    }
    return { bytes: quotaLeft ?? undefined, error: () => quotaExceeded((quotaLeft ?? 0) + 1) };
  }

  private async commitUpload(upload: UploadRecord, driver: StorageDriver, content: Content, actorOf: (repos: Repositories) => Promise<Actor>, ifMatch?: ExpectedFile): Promise<NodeRecord> {
    const target: CommitTarget = {
      spaceId: upload.spaceId,
      parentId: upload.parentId,
      name: upload.name,
      onConflict: upload.onConflict,
      mtime: upload.mtime,
      policyId: upload.policyId,
      releasing: upload.shareLinkId === null ? upload.size : 0,
    };
    return this.commitContent(driver, content, () => this.cancel(upload.id), async (repos) => {
      if (!(await repos.uploads.remove(upload.id))) throw new DomainError("NOT_FOUND", "This upload has expired or was cancelled.");
      return this.commit(repos, await actorOf(repos), target, content, ifMatch);
    });
  }

  /**
   * Runs `write` in one transaction (with what the request saw, if anything; when that turns out stale, once more
   * reading everything again), then tells the listeners. A failed commit deletes the bytes and runs `undo`.
   */
  private async commitContent(driver: StorageDriver, content: Content, undo: () => Promise<void>, write: (repos: Repositories, seen?: Seen) => Promise<NodeRecord>, seen?: Seen): Promise<NodeRecord> {
    let node: NodeRecord;
    try {
      node = await this.uow.rawTransaction((repos) => write(repos, seen)).catch((e: unknown) => {
        if (!seen || !(e instanceof StaleSight || isUniqueViolation(e))) throw e;
        return this.uow.rawTransaction((repos) => write(repos));
      });
    } catch (e) {
      await discard(driver, content).catch(() => undefined);
      await undo();
      throw e instanceof StaleSight ? new DomainError("CONFLICT", "The folder changed while the file was being written; try again.") : e;
    }
    this.countUploads([node]);
    await notifyVersionCommitted(this.versionCommitted, node);
    return node;
  }

  /** Committed uploads on the day's counters of the admin charts (in memory, written every few seconds). */
  private countUploads(nodes: NodeRecord[]): void {
    this.counters.add(utcDay(this.clock.now()), { uploads: nodes.length, uploadBytes: nodes.reduce((sum, n) => sum + n.size, 0) });
  }

  /**
   * Records written bytes as the file (new, or a new version of the file under the name): the quota charge (which
   * on PostgreSQL also holds the space's row lock for the transaction), the blob, the node, the version, and one
   * UPDATE for the file and its ancestors (settleFile), plus the activity event (the day's counters are counted in
   * memory once it commits: countUploads). With `seen`
   * (what this request resolved, its rights already checked) nothing is read again; settleFile confirms it is still
   * so, else StaleSight (or a unique violation when a file appeared under the name) and the caller runs it again
   * without.
   */
  private async commit(repos: Repositories, actor: Actor, t: CommitTarget, content: Content, ifMatch?: ExpectedFile, seen?: Seen): Promise<NodeRecord> {
    await chargeQuota(repos, t.spaceId, content.size, { releasing: t.releasing });
    const parent = seen
      ? seen.parent
      : await this.access.requireContentTarget(actor, { parentId: t.parentId, name: t.name, replace: t.onConflict === "replace" }, repos).catch((e: unknown) => {
          throw isDomainError(e) && e.code === "NOT_FOUND" ? new DomainError("NOT_FOUND", "The destination folder was deleted while the file was uploading.") : e;
        });
    const blob = await repos.blobs.createReferenced({ policyId: t.policyId, key: content.key, size: content.size, sha256: content.sha256, sha1: content.sha1 ?? null });
    const now = this.clock.now();
    const mtime = t.mtime ?? now;
    const mimeType = mime.lookup(t.name) || "application/octet-stream";
    await enqueueThumbnails(repos, blob.id, mimeType, now);
    if (blob.sha1 === null) await enqueueSha1(repos, blob.id, now);
    const existing = seen ? seen.existing : await repos.nodes.findLiveChild(parent.id, t.name);
    const replacing = existing !== null && !existing.isFolder && t.onConflict === "replace";
    if (ifMatch && (!replacing || existing.id !== ifMatch.nodeId || (ifMatch.etag !== undefined && existing.etag !== ifMatch.etag))) {
      throw new DomainError("PRECONDITION_FAILED", "The file was changed by someone else since it was opened.", { etag: existing?.etag ?? null });
    }
    const before = existing && replacing ? existing : await this.insertFile(repos, actor, parent, existing ? await freeName(repos, parent.id, t.name, "rename") : t.name, content.size, mimeType, mtime);
    const version = await repos.blobs.createVersion({ nodeId: before.id, blobId: blob.id, size: content.size, sha256: content.sha256, authorId: actor.userId, mtime, createdAt: now });
    const file: NodeRecord = { ...before, path: `${parent.path}${before.id}/`, currentVersionId: version.id, size: content.size, etag: before === existing ? newEtag() : before.etag, mtime, mimeType, updatedAt: now };
    const settle = (unlockedSpaceId?: number) =>
      repos.nodes.settleFile({
        file,
        seen: { name: before.name, path: before === existing ? existing.path : "", etag: before.etag },
        ancestors: idsOfPath(parent.path),
        parentPath: parent.path,
        etag: newEtag(),
        sizeDelta: content.size - (before === existing ? existing.size : 0),
        now,
        unlockedSpaceId,
      });
    // Locks are checked again at the end: a lock taken by someone else while the bytes were arriving still wins. The
    // common case (no lock in the space) is part of the settling statement; only when it refuses are locks looked at,
    // and a lock the actor holds lets the file settle.
    let settled = await settle(parent.spaceId);
    if (!settled && (await repos.davLocks.anyActive(parent.spaceId, now))) {
      await this.locks.assertNodesWritable(actor, [{ node: parent, child: t.name, withParent: !replacing }], repos);
      settled = await settle();
    }
    if (!settled) throw new StaleSight();
    await auditPartnerAction(repos, actor, "file.upload", [file.id], now);
    await recordNodeActivity(repos, actor, before === existing ? NODE_ACTIVITY.edited : NODE_ACTIVITY.created, [file], now);
    // The rows name the bytes: they commit only once the bytes are durable.
    await content.durable;
    return file;
  }

  private insertFile(repos: Repositories, actor: Actor, parent: NodeRecord, name: string, size: number, mimeType: string, mtime: Date): Promise<NodeRecord> {
    return repos.nodes.insertFile({ spaceId: parent.spaceId, parentId: parent.id, name, size, mimeType, etag: newEtag(), mtime, creatorId: actor.userId });
  }

  /**
   * The actor an upload finished in a later request commits as: that request's actor (with its credential's limits),
   * which must be the upload's user; for a visitor the link's actor while the link stays live.
   */
  private async uploaderOf(repos: Repositories, upload: UploadRecord, finisher: Actor | undefined): Promise<Actor> {
    if (upload.shareLinkId === null) {
      if (!finisher || finisher.link || finisher.userId !== upload.userId) throw new DomainError("NOT_FOUND", "This upload has expired or was cancelled.");
      return finisher;
    }
    const user = await repos.users.findById(upload.userId);
    if (!user || user.disabled) throw new DomainError("FORBIDDEN", "The uploading account is disabled.");
    // The same rule the visitor-upload service applies to each request of the upload (its site policy is checked there).
    const link = await repos.shares.findLinkById(upload.shareLinkId);
    if (!link || linkState(link, this.clock.now()) !== "live" || !modeUploads(link.mode)) {
      throw new DomainError("NOT_FOUND", "This share link is no longer available.");
    }
    return linkActor(link);
  }

  private async driverOf(upload: UploadRecord): Promise<StorageDriver> {
    return this.storage.driverFor((await this.uow.repos.spaces.policyById(upload.policyId))!);
  }

  private checkPolicy(policy: PolicyRecord, name: string, size: number): void {
    if (policy.maxFileSize !== null && size > policy.maxFileSize) throw this.tooLarge(policy.maxFileSize);
    if (policy.allowedExtensions && !policy.allowedExtensions.includes(extensionOf(name))) {
      throw new DomainError("INVALID_INPUT", `Only these file types may be uploaded here: ${policy.allowedExtensions.join(", ")}.`);
    }
  }

  private tooLarge(maxFileSize: number): DomainError {
    return new DomainError("TOO_LARGE", `Files may be at most ${maxFileSize} bytes here.`, { maxFileSize });
  }
}
