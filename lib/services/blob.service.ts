import "server-only";
import type { UnitOfWork } from "@/lib/repositories";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { Clock } from "./clock";

/** Garbage collection of blobs nothing references any more. */
export class BlobService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly storage: StorageRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Deletes unreferenced blobs: the row first (only if still unreferenced), then the bytes, so a crash
   * can leave orphaned bytes (found by the consistency check) but never a row without bytes. A blob kept until a
   * later time (the old copy of a blob moved to another policy) waits until then.
   */
  async collectUnreferenced(batch = 200): Promise<number> {
    const repos = this.uow.repos;
    let deleted = 0;
    for (;;) {
      const blobs = await repos.blobs.unreferenced(batch, this.clock.now());
      if (blobs.length === 0) return deleted;
      for (const blob of blobs) {
        const policy = await repos.spaces.policyById(blob.policyId);
        // Its thumbnails' rows go with the blob's row (cascade); their bytes with its bytes.
        const thumbnails = await repos.thumbnails.forBlob(blob.id);
        if (!policy || !(await repos.blobs.deleteIfUnreferenced(blob.id))) continue;
        const driver = this.storage.driverFor(policy);
        await driver.delete(blob.key);
        for (const t of thumbnails) if (t.key) await driver.delete(t.key);
        deleted++;
      }
    }
  }
}
