import "server-only";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { BlobRecord, PolicyRecord } from "@/lib/domain/types";
import { digestsOf } from "@/lib/storage/hash";
import { OffThreadHash } from "@/lib/storage/off-thread-hash";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { Readable } from "node:stream";
import { CACHE_TOPICS, type CacheBus } from "./cache-bus";

/**
 * Gives a blob committed without SHA-1 (a large upload hashed only SHA-256 while receiving) its blobs.sha1 job, in the
 * commit's transaction: the job reads it back moments later (Sha1BackfillService.fillOne).
 */
export async function enqueueSha1(repos: Repositories, blobId: number, now: Date): Promise<void> {
  await repos.jobs.enqueue({ type: "blobs.sha1", payload: { blobId }, runAt: now });
}

/** The SHA-1 of a stream, hashed on a hashing thread (a GiB is most of a CPU-second the event loop need not spend). */
async function sha1OffThread(stream: Readable): Promise<string> {
  const hash = new OffThreadHash({ sha256: false });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await hash.ready();
    }
  } catch (e) {
    hash.dispose();
    throw e;
  }
  return hash.sha1Digest();
}

const BATCH = 200;
/** Blobs read at once: S3 latency hides behind a few parallel GETs; a local disk is not slowed by them. */
const CONCURRENCY = 4;

export interface Sha1BackfillCounts {
  total: number;
  filled: number;
  /** the stored bytes no longer match the blob's SHA-256: left without SHA-1 (fsck and the admin must look) */
  mismatched: number;
  /** unreadable (gone from storage, policy missing): left without SHA-1, listed in `problems` */
  failed: number;
  problems: string[];
}

/**
 * Fills Blob.sha1 for blobs stored before SHA-1 was kept (Nextcloud clients and rclone check SHA-1): reads each such
 * blob once, computes SHA-256 and SHA-1 together, and stores the SHA-1 only when the SHA-256 still matches the row,
 * so a damaged blob never gets a SHA-1 that vouches for the damage. Idempotent and resumable: it walks the blobs that
 * still have none.
 */
export class Sha1BackfillService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly storage: StorageRegistry,
    private readonly cacheBus?: CacheBus,
  ) {}

  /**
   * The blobs.sha1 job of one blob committed without SHA-1 (its SHA-256 was computed while its bytes arrived, moments
   * ago): reads it once and stores its SHA-1. Unlike `run` for old blobs it does not check the SHA-256 again: the
   * bytes were hashed on their way to the disk seconds before and are read back from the page cache, so a second
   * SHA-256 would catch next to nothing for another 0.7 CPU-s per GiB (fsck checks stored bytes). Throws when the blob
   * cannot be read (the job is retried; the daily backfill is the net).
   */
  async fillOne(blobId: number): Promise<"filled" | "skipped"> {
    const repos = this.uow.repos;
    const blob = await repos.blobs.findById(blobId);
    if (!blob || blob.sha1 !== null || blob.refCount === 0) return "skipped";
    const policy = await repos.spaces.policyById(blob.policyId);
    if (!policy) throw new Error(`blob ${blob.id} (${blob.key}): its storage policy ${blob.policyId} is missing`);
    const driver = this.storage.driverFor(policy);
    // A local blob is read by the hashing thread itself; others are streamed to it.
    const sha1 = driver.capabilities.localPath ? await new OffThreadHash({ sha256: false }).sha1OfFile(driver.localPath(blob.key)) : await sha1OffThread(await driver.get(blob.key));
    // false: the blob changed meanwhile (moved to another policy, or filled by a concurrent run): nothing to do
    if (!(await repos.blobs.setSha1(blob.id, blob.sha256, sha1))) return "skipped";
    await this.cacheBus?.publish(CACHE_TOPICS.checksums, blob.id);
    return "filled";
  }

  async run(progress: (fraction: number, counts: Sha1BackfillCounts) => Promise<void> = async () => undefined): Promise<Sha1BackfillCounts> {
    const repos = this.uow.repos;
    const counts: Sha1BackfillCounts = { total: await repos.blobs.countWithoutSha1(), filled: 0, mismatched: 0, failed: 0, problems: [] };
    const policies = new Map<number, PolicyRecord | null>();
    let after = 0;
    for (;;) {
      const batch = await repos.blobs.withoutSha1(after, BATCH);
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      for (let i = 0; i < batch.length; i += CONCURRENCY) {
        await Promise.all(batch.slice(i, i + CONCURRENCY).map((blob) => this.fill(blob, policies, counts)));
        const done = counts.filled + counts.mismatched + counts.failed;
        await progress(counts.total > 0 ? Math.min(1, done / counts.total) : 1, counts);
      }
    }
    return counts;
  }

  private async fill(blob: BlobRecord, policies: Map<number, PolicyRecord | null>, counts: Sha1BackfillCounts): Promise<void> {
    const repos = this.uow.repos;
    if (!policies.has(blob.policyId)) policies.set(blob.policyId, await repos.spaces.policyById(blob.policyId));
    const policy = policies.get(blob.policyId);
    try {
      if (!policy) throw new Error(`its storage policy ${blob.policyId} is missing`);
      const digests = await digestsOf(await this.storage.driverFor(policy).get(blob.key));
      if (digests.sha256 !== blob.sha256) {
        counts.mismatched++;
        counts.problems.push(`blob ${blob.id} (${blob.key}): stored bytes have SHA-256 ${digests.sha256}, the row says ${blob.sha256}`);
        return;
      }
      // false: the blob changed meanwhile (moved to another policy, or filled by a concurrent run): nothing to do
      if (await repos.blobs.setSha1(blob.id, blob.sha256, digests.sha1)) {
        // Cached PROPFIND listings (keyed by ETags, which a SHA-1 does not change) rendered oc:checksums without it.
        await this.cacheBus?.publish(CACHE_TOPICS.checksums, blob.id);
      }
      counts.filled++;
    } catch (e) {
      counts.failed++;
      counts.problems.push(`blob ${blob.id} (${blob.key}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
