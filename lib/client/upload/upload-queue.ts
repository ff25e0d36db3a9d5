import type { Upload } from "tus-js-client";
import type { ConflictPolicy } from "@/lib/client/api-types";
import { SpeedMeter } from "@/lib/client/upload/speed-meter";
import { createTusUpload, resumeIfPossible } from "@/lib/client/upload/tus-upload";
import { computeTotals, emptyTotals, type UploadItemView, type UploadTotals } from "@/lib/client/upload/upload-totals";
import type { UploadSource } from "@/lib/client/upload/upload-source";

export type { UploadItemView, UploadTotals };

export type UploadSnapshot = { items: UploadItemView[]; totals: UploadTotals };

type Entry = {
  view: UploadItemView;
  source: UploadSource;
  onConflict: ConflictPolicy;
  upload: Upload | null;
  meter: SpeedMeter;
  /** Bumped on every start, so a start that lost a race with pause/resume does nothing. */
  attempt: number;
};

export type UploadEvents = {
  onItemDone?: (item: UploadItemView) => void;
  onItemFailed?: (item: UploadItemView) => void;
};

const MAX_PARALLEL = 3;
const PROGRESS_EMIT_MS = 250;

/**
 * The browser's upload queue: at most three tus uploads run at once, the rest wait. It lives outside React
 * (one per tab) so uploads keep going while the user moves between pages; React reads it through
 * `subscribe`/`getSnapshot` (useSyncExternalStore).
 */
export class UploadQueue {
  private entries: Entry[] = [];
  private listeners = new Set<() => void>();
  private snapshot: UploadSnapshot = { items: [], totals: emptyTotals() };
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private nextId = 1;
  events: UploadEvents = {};

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  add(sources: UploadSource[], folderId: number, policyFor: (source: UploadSource) => ConflictPolicy) {
    for (const source of sources) {
      this.entries.push({
        source,
        onConflict: policyFor(source),
        upload: null,
        meter: new SpeedMeter(),
        attempt: 0,
        view: {
          id: String(this.nextId++),
          name: source.file.name,
          relativePath: source.relativePath,
          folderId,
          size: source.file.size,
          uploaded: 0,
          speed: 0,
          status: "queued",
          error: null,
          retryable: true,
        },
      });
    }
    this.pump();
    this.emit();
  }

  /** URLs of uploads this tab knows about, so they are not reported as interrupted. */
  knownUploadUrls(): Set<string> {
    return new Set(this.entries.map((entry) => entry.upload?.url).filter((url): url is string => !!url));
  }

  pause(id: string) {
    const entry = this.find(id);
    if (!entry || (entry.view.status !== "uploading" && entry.view.status !== "queued")) return;
    this.update(entry, { status: "paused", speed: 0 });
    void entry.upload?.abort();
    entry.meter.reset();
    this.pump();
  }

  resume(id: string) {
    const entry = this.find(id);
    if (!entry || (entry.view.status !== "paused" && !(entry.view.status === "error" && entry.view.retryable))) return;
    this.update(entry, { status: "queued", error: null });
    this.pump();
  }

  cancel(id: string) {
    const entry = this.find(id);
    if (!entry) return;
    this.entries = this.entries.filter((candidate) => candidate !== entry);
    if (entry.view.status !== "done") void entry.upload?.abort(true).catch(() => undefined);
    this.pump();
    this.emit();
  }

  pauseAll() {
    for (const entry of [...this.entries]) this.pause(entry.view.id);
  }

  resumeAll() {
    for (const entry of this.entries) {
      if (entry.view.status === "paused" || (entry.view.status === "error" && entry.view.retryable)) this.update(entry, { status: "queued", error: null });
    }
    this.pump();
  }

  cancelAll() {
    for (const entry of [...this.entries]) if (entry.view.status !== "done") this.cancel(entry.view.id);
  }

  clearCompleted() {
    this.entries = this.entries.filter((entry) => entry.view.status !== "done");
    this.emit();
  }

  private find(id: string) {
    return this.entries.find((entry) => entry.view.id === id);
  }

  private update(entry: Entry, changes: Partial<UploadItemView>, immediate = true) {
    entry.view = { ...entry.view, ...changes };
    if (immediate) this.emit();
    else this.scheduleEmit();
  }

  private pump() {
    let running = this.entries.filter((entry) => entry.view.status === "uploading").length;
    for (const entry of this.entries) {
      if (running >= MAX_PARALLEL) break;
      if (entry.view.status !== "queued") continue;
      running++;
      void this.start(entry);
    }
    this.syncTicker();
  }

  private async start(entry: Entry) {
    const attempt = ++entry.attempt;
    this.update(entry, { status: "uploading", error: null });
    entry.meter.reset();
    if (!entry.upload) {
      const upload = createTusUpload(entry.source, entry.view.folderId, entry.onConflict, {
        onProgress: (sent) => {
          if (entry.view.status !== "uploading") return;
          entry.meter.record(sent);
          this.update(entry, { uploaded: sent }, false);
        },
        onSuccess: () => {
          this.update(entry, { status: "done", uploaded: entry.view.size, speed: 0 });
          this.events.onItemDone?.(entry.view);
          this.pump();
        },
        onError: (message, retryable) => {
          this.update(entry, { status: "error", error: message, speed: 0, retryable });
          this.events.onItemFailed?.(entry.view);
          this.pump();
        },
      });
      entry.upload = upload;
      await resumeIfPossible(upload);
    }
    // Paused, cancelled or restarted while looking for a previous upload.
    if (attempt !== entry.attempt || entry.view.status !== "uploading" || !this.entries.includes(entry)) return;
    entry.upload.start();
  }

  /** While something runs, refresh speeds once a second even without progress events (stalls show as 0). */
  private syncTicker() {
    const running = this.entries.some((entry) => entry.view.status === "uploading");
    if (running && !this.ticker) this.ticker = setInterval(() => this.emit(), 1000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  private scheduleEmit() {
    this.emitTimer ??= setTimeout(() => this.emit(), PROGRESS_EMIT_MS);
  }

  private emit() {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    const now = Date.now();
    for (const entry of this.entries) {
      if (entry.view.status === "uploading") entry.view = { ...entry.view, speed: entry.meter.rate(now) };
    }
    const items = this.entries.map((entry) => entry.view);
    this.snapshot = { items, totals: computeTotals(items) };
    for (const listener of this.listeners) listener();
  }
}

let sharedQueue: UploadQueue | null = null;

/** The tab's one queue (created on first use in the browser). */
export function getUploadQueue(): UploadQueue {
  sharedQueue ??= new UploadQueue();
  return sharedQueue;
}
