import "server-only";
import { newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import { folderSizeMismatches } from "@/lib/domain/folder-sizes";
import type { Actor } from "@/lib/domain/permissions";
import type { PolicyRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { ConsistencyReport, Finding, Mismatch } from "@/lib/domain/consistency-report";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { UploadStaging } from "@/lib/storage/upload-staging";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import { assertAdmin } from "./user.service";

/**
 * Stored bytes and staging files younger than this are never called orphans: an upload or a migration writes its
 * bytes before the row that names them, moments later.
 */
export type { ConsistencyReport, Finding };

export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** Items listed per kind of finding (the count is always complete). */
const LISTED = 200;

const finding = <T>(items: T[]): Finding<T> => ({ count: items.length, items: items.slice(0, LISTED) });

/**
 * The consistency check (`fsck`): compares every driver's objects with the Blob rows, reference counts with the
 * versions, space usage with the version sizes, folder sizes with their subtrees, reservations with the uploads in
 * progress, and tus staging files with the uploads. With repair it fixes what is safe: recomputed figures, stale
 * reservations, orphan bytes and staging files past the grace period. Rows whose bytes are gone are only listed:
 * user metadata is never deleted silently.
 */
export class ConsistencyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly storage: StorageRegistry,
    private readonly staging: UploadStaging,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Runs the check now (the CLI). */
  async check(actor: Actor | null, opts: { repair: boolean }): Promise<ConsistencyReport> {
    if (actor) assertAdmin(actor);
    const report = await this.inspect(opts.repair);
    if (opts.repair) await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action: "storage.fsck", details: { unresolved: report.unresolved } });
    return report;
  }

  /** Queues a check as a background job (Admin); its report is kept with the run. */
  async startRun(actor: Actor | null, opts: { repair: boolean }): Promise<number> {
    if (actor) assertAdmin(actor);
    const runId = await this.uow.repos.consistency.createRun(opts.repair, this.clock.now());
    await this.jobs.enqueue("storage.fsck", { runId }, { uniqueKey: `storage.fsck:${runId}`, maxAttempts: 1 });
    return runId;
  }

  /** The job's work: runs the check for a queued run and stores its report. */
  async runQueued(runId: number): Promise<void> {
    const repos = this.uow.repos;
    const run = await repos.consistency.findRun(runId);
    if (!run || run.status !== "running") return;
    try {
      await repos.consistency.finishRun(runId, "done", await this.check(null, { repair: run.repair }), this.clock.now());
    } catch (e) {
      await repos.consistency.finishRun(runId, "failed", { error: e instanceof Error ? e.message : String(e) }, this.clock.now());
      throw e;
    }
  }

  /** The latest run and its report (null before the first). */
  async latestRun(actor: Actor) {
    assertAdmin(actor);
    const id = await this.uow.repos.consistency.latestRunId();
    return id === null ? null : this.uow.repos.consistency.findRun(id);
  }

  async findRun(actor: Actor | null, id: number) {
    if (actor) assertAdmin(actor);
    const run = await this.uow.repos.consistency.findRun(id);
    if (!run) throw new DomainError("NOT_FOUND", "No such consistency check.");
    return run;
  }

  private async inspect(repair: boolean): Promise<ConsistencyReport> {
    const repos = this.uow.repos;
    const now = this.clock.now();
    const stale = (d: Date) => now.getTime() - d.getTime() > ORPHAN_GRACE_MS;
    const bytes = await this.compareBytes(repair, stale);

    const refCounts = await repos.consistency.refCountMismatches();
    const spaceUsage = await repos.consistency.usageMismatches();
    const reservations = await repos.consistency.reservationMismatches();
    const folderSizes: (Mismatch & { spaceId: number })[] = [];
    for (const spaceId of await repos.consistency.spaceIds()) {
      for (const m of folderSizeMismatches(await repos.consistency.nodesOf(spaceId))) folderSizes.push({ ...m, spaceId });
    }
    if (repair) {
      for (const m of refCounts) await repos.consistency.recountRefs(m.id);
      for (const m of spaceUsage) await repos.consistency.recountUsage(m.id);
      for (const m of reservations) await repos.consistency.recountReservations(m.id);
      for (const m of folderSizes) await repos.consistency.fixFolderSize(m.id, m.recorded, m.actual, newEtag());
    }

    const staged = await this.staging.list();
    const inProgress = await repos.consistency.uploadIds(staged.map((s) => s.uploadId));
    const stagingOrphans = [];
    for (const s of staged.filter((s) => !inProgress.has(s.uploadId))) {
      const deleted = repair && stale(s.modifiedAt);
      if (deleted) await this.staging.remove(s.uploadId);
      stagingOrphans.push({ uploadId: s.uploadId, bytes: s.bytes, modifiedAt: s.modifiedAt.toISOString(), deleted });
    }

    const fixed = repair ? 0 : refCounts.length + spaceUsage.length + reservations.length + folderSizes.length;
    const leftOrphans = bytes.orphanObjects.filter((o) => !o.deleted).length + stagingOrphans.filter((o) => !o.deleted).length;
    return {
      repair,
      checkedAt: now.toISOString(),
      policies: bytes.policies,
      orphanObjects: finding(bytes.orphanObjects),
      missingBytes: finding(bytes.missingBytes),
      sizeMismatches: finding(bytes.sizeMismatches),
      refCounts: finding(refCounts),
      spaceUsage: finding(spaceUsage),
      folderSizes: finding(folderSizes),
      reservations: finding(reservations),
      stagingOrphans: finding(stagingOrphans),
      unresolved: fixed + leftOrphans + bytes.missingBytes.length + bytes.sizeMismatches.length + bytes.policies.filter((p) => p.error).length,
    };
  }

  /**
   * Each policy's objects against its Blob rows. The driver is listed before the rows are read, so bytes written and
   * committed meanwhile are not called orphans; a row whose key was not listed is checked once more before it is
   * reported missing (its bytes may have been written after the listing).
   */
  private async compareBytes(repair: boolean, stale: (d: Date) => boolean) {
    const repos = this.uow.repos;
    const result = {
      policies: [] as ConsistencyReport["policies"],
      orphanObjects: [] as ConsistencyReport["orphanObjects"]["items"],
      missingBytes: [] as ConsistencyReport["missingBytes"]["items"],
      sizeMismatches: [] as ConsistencyReport["sizeMismatches"]["items"],
    };
    for (const policy of await repos.spaces.allPolicies()) {
      const driver = this.storage.driverFor(policy);
      const objects = new Map<string, { size: number; modifiedAt: Date }>();
      try {
        for await (const o of driver.list()) objects.set(o.key, { size: o.size, modifiedAt: o.modifiedAt });
      } catch (e) {
        // One unreachable store (wrong credentials, a missing bucket) does not stop the check of the others.
        result.policies.push({ name: policy.name, objects: 0, rows: (await repos.consistency.blobsOf(policy.id)).length, error: e instanceof Error ? e.message : String(e) });
        continue;
      }
      const rows = await repos.consistency.blobsOf(policy.id);
      const uploads = await repos.consistency.uploadKeysOf(policy.id);
      result.policies.push({ name: policy.name, objects: objects.size, rows: rows.length });
      const missing: typeof rows = [];
      for (const row of rows) {
        const stored = objects.get(row.key) ?? (await driver.stat(row.key));
        objects.delete(row.key);
        if (!stored) missing.push(row);
        else if (stored.size !== row.size) result.sizeMismatches.push({ blobId: row.id, policy: policy.name, key: row.key, recorded: row.size, stored: stored.size });
      }
      const files = missing.length > 0 ? await repos.consistency.filesUsing(missing.map((m) => m.id)) : new Map();
      for (const m of missing) result.missingBytes.push({ blobId: m.id, policy: policy.name, key: m.key, size: m.size, files: files.get(m.id) ?? [] });
      result.orphanObjects.push(...(await this.orphans(policy, objects, uploads, repair, stale)));
    }
    return result;
  }

  /**
   * Objects no row names and no upload in progress writes (its key, or its key's own parts: "<key>.<suffix>"), under
   * this policy or any other that shares its storage.
   */
  private async orphans(policy: PolicyRecord, unnamed: Map<string, { size: number; modifiedAt: Date }>, uploadKeys: string[], repair: boolean, stale: (d: Date) => boolean) {
    const uploading = new Set(uploadKeys);
    const elsewhere = await this.uow.repos.consistency.keysInUse([...unnamed.keys()]);
    const out: ConsistencyReport["orphanObjects"]["items"] = [];
    for (const [key, o] of unnamed) {
      if (uploading.has(key) || uploading.has(key.split(".")[0]!) || elsewhere.has(key)) continue;
      const deleted = repair && stale(o.modifiedAt);
      if (deleted) await this.storage.driverFor(policy).delete(key);
      out.push({ policy: policy.name, key, size: o.size, modifiedAt: o.modifiedAt.toISOString(), deleted });
    }
    return out;
  }
}
