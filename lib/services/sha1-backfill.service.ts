import "server-only";
import type { UnitOfWork } from "@/lib/repositories";
import type { BlobRecord, PolicyRecord } from "@/lib/domain/types";
import { digestsOf } from "@/lib/storage/hash";
import type { StorageRegistry } from "@/lib/storage/registry";

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
  ) {}

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
      await repos.blobs.setSha1(blob.id, blob.sha256, digests.sha1);
      counts.filled++;
    } catch (e) {
      counts.failed++;
      counts.problems.push(`blob ${blob.id} (${blob.key}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
