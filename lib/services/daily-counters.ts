import "server-only";
import type { UnitOfWork } from "@/lib/repositories";

export interface DayDelta {
  uploads?: number;
  uploadBytes?: number;
  downloads?: number;
  downloadBytes?: number;
}

/** How long counted downloads wait in memory before one upsert per day writes them. */
export const DEFAULT_FLUSH_MS = 5_000;

/**
 * The day's download (and upload) counters of the admin charts, summed in memory and written by one upsert per day
 * every few seconds, so a download costs no statement of its own. Readers call `flush` first (AdminStatsService),
 * so this instance's counts are never behind what it shows; another instance's may be, by at most one period.
 * `stop` writes what is pending: the server calls it on a graceful stop, so nothing counted is lost then (a crash
 * loses at most one period of counts, which are statistics, never quota or access).
 */
export class DailyCounters {
  private pending = new Map<string, Required<DayDelta>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly flushMs = DEFAULT_FLUSH_MS,
  ) {}

  /** Adds to a day's counters (written within `flushMs`). */
  add(day: string, delta: DayDelta): void {
    const sum = this.pending.get(day) ?? { uploads: 0, uploadBytes: 0, downloads: 0, downloadBytes: 0 };
    sum.uploads += delta.uploads ?? 0;
    sum.uploadBytes += delta.uploadBytes ?? 0;
    sum.downloads += delta.downloads ?? 0;
    sum.downloadBytes += delta.downloadBytes ?? 0;
    this.pending.set(day, sum);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch((e: unknown) => console.error("daily counters: flush failed", e)), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes every pending count now (one upsert per day); counts that fail to write stay pending for the next flush. */
  flush(): Promise<void> {
    // One write at a time, in order; an earlier failure is its caller's to see, not this one's.
    const run = this.flushing.catch(() => undefined).then(() => this.writePending());
    this.flushing = run;
    return run;
  }

  /** Writes what is pending and stops the timer (graceful stop). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async writePending(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    let failure: unknown = null;
    for (const [day, delta] of batch) {
      try {
        await this.uow.repos.admin.addDay(day, delta);
      } catch (e) {
        failure ??= e;
        this.add(day, delta);
      }
    }
    if (failure) throw failure;
  }
}
