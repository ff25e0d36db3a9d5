/** What the upload panel shows: each file's state, and the totals over the whole queue. */
export type UploadStatus = "queued" | "uploading" | "paused" | "done" | "error";

export type UploadItemView = {
  id: string;
  name: string;
  relativePath: string;
  folderId: number;
  size: number;
  uploaded: number;
  /** Bytes per second, smoothed. */
  speed: number;
  status: UploadStatus;
  error: string | null;
  /** After an error: whether retrying could help (a 403 never does). */
  retryable: boolean;
};

export type UploadTotals = {
  count: number;
  done: number;
  failed: number;
  active: number;
  paused: number;
  bytesTotal: number;
  bytesDone: number;
  speed: number;
  /** Seconds until everything running or waiting is done; null when unknown. */
  eta: number | null;
};

export function emptyTotals(): UploadTotals {
  return { count: 0, done: 0, failed: 0, active: 0, paused: 0, bytesTotal: 0, bytesDone: 0, speed: 0, eta: null };
}

export function computeTotals(items: UploadItemView[]): UploadTotals {
  const totals = emptyTotals();
  let pendingBytes = 0;
  for (const item of items) {
    totals.count++;
    totals.bytesTotal += item.size;
    totals.bytesDone += item.uploaded;
    if (item.status === "done") totals.done++;
    else if (item.status === "error") totals.failed++;
    else if (item.status === "paused") totals.paused++;
    else {
      totals.active++;
      totals.speed += item.speed;
      pendingBytes += item.size - item.uploaded;
    }
  }
  totals.eta = totals.speed > 0 ? pendingBytes / totals.speed : null;
  return totals;
}
