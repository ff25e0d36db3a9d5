import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { BlobRecord, PolicyRecord, SpaceRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { MigrationFailure, PolicyMigrationRecord } from "@/lib/repositories/policy-migration.repository";
import { BlobNotFoundError, type StorageDriver } from "@/lib/storage/driver";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import { assertAdmin } from "./user.service";

/**
 * How long the old copy of a moved blob is kept once nothing references it. A reader that resolved the old location
 * just before the switch (a download, a zip that resolved its entries first, a WebDAV GET between its lookup and its
 * read) still finds the bytes; the delayed blob deletion (`blobs.collect`) removes them afterwards.
 */
export const MOVED_BLOB_GRACE_MS = 24 * 60 * 60 * 1000;
/**
 * Blobs copied at once (each: read from the source, write to the target, read back): many small ones (their time is
 * round trips), few big ones (an S3 upload buffers several parts of several MiB each).
 */
const SMALL_CONCURRENCY = 32;
const BIG_CONCURRENCY = 4;
const SMALL_BLOB = 1024 * 1024;
const BATCH = 200;
/** Copies switched per transaction (a crash between copy and switch leaves at most this many orphans for fsck). */
const SWITCH_GROUP = 50;
/** Below the job lease (60 s), so a long batch never lets another worker take the job over. */
const LEASE_RENEWAL_MS = 15_000;

/** Whose space moves: a user's personal space or a team's space. */
export type MigrationSubject = { user: string } | { team: string };

export interface MigrationPlan {
  spaceId: number;
  targetPolicy: string;
  blobs: number;
  bytes: number;
}

/** A blob copied and verified on the target (or the target's own blob with the same content), not switched yet. */
type Copy = { blob: BlobRecord; key: string; sha1: string | null } | { blob: BlobRecord; reuseId: number };
/** The driver of a policy by id, looked up once per run. */
type DriverCache = (policyId: number) => Promise<StorageDriver>;

export interface MigrationStatus {
  migration: PolicyMigrationRecord;
  /** what is still on other policies now */
  remaining: { blobs: number; bytes: number };
  job: { status: string; lastError: string | null } | null;
}

/**
 * Moves every blob of one space to another storage policy, while the space stays in use:
 * - the space's policy switches first, so new uploads already go to the target;
 * - each blob is copied and its SHA-256 verified (the copy read back from the target, or, for a small blob, the bytes
 *   hashed in memory and stored by a target that checks what it receives: see copyBlob), and only then are the
 *   space's versions switched to the copy, in one transaction; the old copy is released through the delayed blob
 *   deletion after MOVED_BLOB_GRACE_MS (never inline), so a reader that resolved it mid-switch still succeeds;
 * - progress is what is already on the target, so a restarted job resumes where it stopped and repeats nothing.
 * A blob shared with other spaces (dedup by SHA-256, copies across spaces) is not moved for them: this space's
 * versions get their own copy on the target and the other spaces keep theirs. The target's existing blob with the
 * same SHA-256 and size is reused instead of copying (once its bytes there are read back and match). Nodes, versions (but for their blob), shares and usage are
 * untouched.
 */
export class PolicyMigrationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly storage: StorageRegistry,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** What a migration would move: distinct blobs and bytes of the space not on the target yet. Changes nothing. */
  async plan(actor: Actor | null, subject: MigrationSubject, targetPolicy: string): Promise<MigrationPlan> {
    if (actor) assertAdmin(actor);
    const space = await this.spaceOf(subject);
    const target = await this.policyNamed(targetPolicy);
    const { blobs, bytes } = await this.uow.repos.policyMigrations.remaining(space.id, target.id);
    return { spaceId: space.id, targetPolicy: target.name, blobs, bytes };
  }

  /** Switches the space to the target policy and queues the job that moves its blobs. */
  async start(actor: Actor | null, subject: MigrationSubject, targetPolicy: string): Promise<PolicyMigrationRecord> {
    if (actor) assertAdmin(actor);
    const space = await this.spaceOf(subject);
    const target = await this.policyNamed(targetPolicy);
    // An unreachable target, a missing bucket or wrong credentials refuse here, before anything changes.
    await this.storage.driverFor(target).healthCheck();
    const migration = await this.uow.transaction(async (repos) => {
      await repos.spaces.lock(space.id);
      if (await repos.policyMigrations.runningFor(space.id)) throw new DomainError("CONFLICT", "A migration of this space is already running.");
      await repos.policyMigrations.setSpacePolicy(space.id, target.id);
      const planned = await repos.policyMigrations.remaining(space.id, target.id);
      return repos.policyMigrations.create({ spaceId: space.id, targetPolicyId: target.id, plannedBlobs: planned.blobs, plannedBytes: planned.bytes, createdAt: this.clock.now() });
    });
    await this.jobs.enqueue("policy.migrate", { migrationId: migration.id }, { uniqueKey: `policy.migrate:${migration.id}`, maxAttempts: 10 });
    await this.audit.record({
      actorId: actor?.userId ?? null,
      ip: actor?.ip ?? null,
      action: "storage.migrate",
      targetType: "space",
      targetId: String(space.id),
      details: { policy: target.name, blobs: migration.plannedBlobs, bytes: migration.plannedBytes },
    });
    return migration;
  }

  /** A migration's figures, and its job's state (a job out of attempts leaves the migration unfinished). */
  async status(actor: Actor | null, id: number): Promise<MigrationStatus> {
    if (actor) assertAdmin(actor);
    const migration = await this.uow.repos.policyMigrations.findById(id);
    if (!migration) throw new DomainError("NOT_FOUND", "No such policy migration.");
    const job = await this.uow.repos.jobs.findByUniqueKey(`policy.migrate:${id}`);
    const remaining = await this.uow.repos.policyMigrations.remaining(migration.spaceId, migration.targetPolicyId);
    return { migration, remaining, job: job && { status: job.status, lastError: job.lastError } };
  }

  /**
   * The job's work: moves blobs in passes until a pass finds nothing left (blobs written to the old policy by uploads
   * that began before the switch are moved by a later pass). A blob whose bytes are missing or do not match their
   * SHA-256 is left where it is and listed; any other error (an unreachable store) fails the job, whose retry resumes.
   */
  async run(migrationId: number, progress: (fraction: number) => Promise<void>): Promise<PolicyMigrationRecord> {
    const repos = this.uow.repos;
    const migration = await repos.policyMigrations.findById(migrationId);
    if (!migration) throw new Error(`No policy migration ${migrationId}.`);
    if (migration.status !== "running") return migration;
    const target = (await repos.spaces.policyById(migration.targetPolicyId))!;
    const failures = new Map<number, MigrationFailure>();
    // The lease must outlive any one batch (big blobs copy for minutes): renew it on a timer, not only per batch.
    let fraction = 0;
    const keepLease = setInterval(() => void progress(fraction).catch(() => undefined), LEASE_RENEWAL_MS);
    try {
      await this.passes(migration, target, failures, async (f) => progress((fraction = f)));
    } finally {
      clearInterval(keepLease);
    }
    await repos.policyMigrations.finish(migrationId, "done", [...failures.values()], this.clock.now());
    return (await repos.policyMigrations.findById(migrationId))!;
  }

  /** Moves what is left, pass after pass, until a pass finds nothing it has not already failed to move. */
  private async passes(migration: PolicyMigrationRecord, target: PolicyRecord, failures: Map<number, MigrationFailure>, progress: (fraction: number) => Promise<void>): Promise<void> {
    const repos = this.uow.repos;
    const known = new Map<number, Promise<StorageDriver>>();
    const drivers: DriverCache = (policyId) => {
      let driver = known.get(policyId);
      if (!driver) known.set(policyId, (driver = repos.spaces.policyById(policyId).then((p) => this.storage.driverFor(p!))));
      return driver;
    };
    for (;;) {
      let attempted = 0;
      for (let afterId = 0; ; ) {
        const batch = await repos.policyMigrations.blobsToMove(migration.spaceId, target.id, afterId, BATCH);
        if (batch.length === 0) break;
        afterId = batch.at(-1)!.id;
        const todo = batch.filter((b) => !failures.has(b.id));
        attempted += todo.length;
        // Group by group: the next group is copied while the previous one's switch transaction runs.
        let switching: Promise<void> = Promise.resolve();
        for (let i = 0; i < todo.length; i += SWITCH_GROUP) {
          const copies: Copy[] = [];
          try {
            const group = todo.slice(i, i + SWITCH_GROUP);
            const lanes = group.every((b) => b.size <= SMALL_BLOB) ? SMALL_CONCURRENCY : BIG_CONCURRENCY;
            await eachConcurrently(group, lanes, async (blob) => {
              const copy = await this.copyBlob(blob, target, drivers);
              if ("reason" in copy) failures.set(blob.id, copy);
              else copies.push(copy);
            });
          } catch (e) {
            await this.discard(target, copies);
            await switching.catch(() => undefined);
            throw e;
          }
          switching = switching.then(() => this.switchTo(migration, copies)).catch(async (e: unknown) => {
            await this.discard(target, copies);
            throw e;
          });
          switching.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
        }
        await switching;
        const left = (await repos.policyMigrations.remaining(migration.spaceId, target.id)).blobs;
        await progress(migration.plannedBlobs === 0 ? 1 : Math.max(0, Math.min(1, 1 - left / Math.max(migration.plannedBlobs, left))));
      }
      if (attempted === 0) return;
    }
  }

  /**
   * Copies one blob to the target and verifies the copy (or finds the target's own blob with the same content, read
   * back); a failure when the bytes are missing or do not match. A small blob is read into memory and its SHA-256
   * checked there; when the target checks what it receives (putChecked: S3 Content-MD5 on a server that enforces
   * it) the stored copy is those very bytes and is not read back. Otherwise, and for big blobs, the copy is read
   * back from the target and hashed.
   */
  private async copyBlob(blob: BlobRecord, target: PolicyRecord, drivers: DriverCache): Promise<Copy | MigrationFailure> {
    const repos = this.uow.repos;
    const destination = this.storage.driverFor(target);
    const reusable = await repos.blobs.findBySha(target.id, blob.sha256, blob.size);
    if (reusable && (await this.holds(destination, reusable.key, blob))) return { blob, reuseId: reusable.id };
    const source = await drivers(blob.policyId);
    const key = destination.newKey();
    const fail = (reason: string): MigrationFailure => ({ blobId: blob.id, key: blob.key, reason });
    const mismatch = (read: { size: number; sha256: string }) => fail(`the stored bytes do not match the blob's SHA-256 (read ${read.size} bytes, ${read.sha256})`);
    try {
      if (blob.size <= SMALL_BLOB) {
        const bytes = await readUpTo(await source.get(blob.key), SMALL_BLOB + 1);
        const read = { size: bytes.length, ...digestsOfBuffer(bytes) };
        if (read.sha256 !== blob.sha256 || read.size !== blob.size) return mismatch(read);
        const { checkedByStore } = await destination.putChecked(key, bytes);
        if (!checkedByStore && !(await this.holds(destination, key, blob))) {
          await destination.delete(key);
          return fail("the copy read back from the target does not match the blob's SHA-256");
        }
        return { blob, key, sha1: read.sha1 };
      }
      const written = await destination.put(key, await source.get(blob.key));
      if (written.sha256 !== blob.sha256 || written.size !== blob.size) {
        await destination.delete(key);
        return mismatch(written);
      }
      if (!(await this.holds(destination, key, blob))) {
        await destination.delete(key);
        return fail("the copy read back from the target does not match the blob's SHA-256");
      }
      return { blob, key, sha1: written.sha1 ?? null };
    } catch (e) {
      if (e instanceof BlobNotFoundError) return fail("the bytes are missing from the source");
      await destination.delete(key).catch(() => undefined);
      throw e;
    }
  }

  /** Deletes copies nothing points at (their group was not switched), so a retry starts clean and leaves no orphans. */
  private async discard(target: PolicyRecord, copies: Copy[]): Promise<void> {
    const destination = this.storage.driverFor(target);
    for (const copy of copies) if ("key" in copy) await destination.delete(copy.key).catch(() => undefined);
  }

  /** Whether `key` on the driver holds exactly the blob's bytes: read back whole and hashed. */
  private async holds(driver: StorageDriver, key: string, blob: BlobRecord): Promise<boolean> {
    try {
      const read = await digestOf(await driver.get(key));
      return read.sha256 === blob.sha256 && read.size === blob.size;
    } catch (e) {
      if (e instanceof BlobNotFoundError) return false;
      throw e;
    }
  }

  /**
   * In one transaction for the group: each copy's row (unless reusing one), the space's versions switched to it, the
   * old copy kept a while, the figures counted.
   */
  private async switchTo(migration: PolicyMigrationRecord, copies: Copy[]): Promise<void> {
    if (copies.length === 0) return;
    const keepUntil = new Date(this.clock.now().getTime() + MOVED_BLOB_GRACE_MS);
    await this.uow.transaction(async (repos) => {
      const moved = { copiedBlobs: 0, copiedBytes: 0, reusedBlobs: 0, versions: 0 };
      for (const copy of copies) {
        const toId = "reuseId" in copy ? copy.reuseId : await repos.policyMigrations.createUnreferencedBlob({ policyId: migration.targetPolicyId, key: copy.key, size: copy.blob.size, sha256: copy.blob.sha256, sha1: copy.sha1 });
        const versions = await repos.policyMigrations.switchVersions(migration.spaceId, copy.blob.id, toId, keepUntil);
        if (versions === 0) continue;
        moved.versions += versions;
        if ("reuseId" in copy) {
          moved.reusedBlobs++;
        } else {
          moved.copiedBlobs++;
          moved.copiedBytes += copy.blob.size;
        }
      }
      await repos.policyMigrations.countMoved(migration.id, moved);
    });
  }

  private async spaceOf(subject: MigrationSubject): Promise<SpaceRecord> {
    const repos = this.uow.repos;
    if ("user" in subject) {
      const user = await repos.users.findByUsername(subject.user);
      const space = user ? await repos.spaces.findPersonal(user.id) : null;
      if (!space) throw new DomainError("NOT_FOUND", `No user named "${subject.user}".`);
      return space;
    }
    const space = await repos.spaces.findTeamByName(subject.team);
    if (!space) throw new DomainError("NOT_FOUND", `No team named "${subject.team}".`);
    return space;
  }

  private async policyNamed(name: string): Promise<PolicyRecord> {
    const policy = await this.uow.repos.policyMigrations.policyByName(name);
    if (!policy) throw new DomainError("NOT_FOUND", `No storage policy named "${name}".`);
    return policy;
  }
}

/** Size and SHA-256 of a stream, read to its end. */
async function digestOf(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { size, sha256: hash.digest("hex") };
}

function digestsOfBuffer(bytes: Buffer): { sha256: string; sha1: string } {
  return { sha256: createHash("sha256").update(bytes).digest("hex"), sha1: createHash("sha1").update(bytes).digest("hex") };
}

/** A stream's bytes, at most `limit` of them (a blob longer than its row says fails the size check, unread past that). */
async function readUpTo(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  stream.destroy();
  return Buffer.concat(chunks);
}

/** Runs `work` on every item, at most `limit` at a time; the first error rejects once the others have settled. */
async function eachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++]!;
      await work(item).catch((e: unknown) => void errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length > 0) throw errors[0];
}
