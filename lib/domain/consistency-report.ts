// What the consistency check (lib/services/consistency.service.ts) reports; shared with the admin UI.

/** A stored figure and what the rows say it should be. */
export interface Mismatch {
  id: number;
  recorded: number;
  actual: number;
}

/** How many were found, and the first of them (the list is capped; the count is complete). */
export interface Finding<T> {
  count: number;
  items: T[];
}

export interface ConsistencyReport {
  repair: boolean;
  checkedAt: string;
  /** objects and blob rows per policy; `error`: its store could not be listed (not checked; counts as unresolved) */
  policies: { name: string; objects: number; rows: number; error?: string }[];
  /** bytes in a driver that no Blob row names; deleted on repair when older than the grace period */
  orphanObjects: Finding<{ policy: string; key: string; size: number; modifiedAt: string; deleted: boolean }>;
  /** Blob rows whose bytes are gone: listed with the files using them, never deleted */
  missingBytes: Finding<{ blobId: number; policy: string; key: string; size: number; files: { spaceId: number; nodeId: number; name: string }[] }>;
  /** Blob rows whose stored bytes have another size: listed, never changed */
  sizeMismatches: Finding<{ blobId: number; policy: string; key: string; recorded: number; stored: number }>;
  /** the rest are recomputed from the rows on repair */
  refCounts: Finding<Mismatch>;
  spaceUsage: Finding<Mismatch>;
  folderSizes: Finding<Mismatch & { spaceId: number }>;
  reservations: Finding<Mismatch>;
  /** tus staging files of no upload in progress; deleted on repair when older than the grace period */
  stagingOrphans: Finding<{ uploadId: string; bytes: number; modifiedAt: string; deleted: boolean }>;
  /** problems still there after this run (all found ones, without repair) */
  unresolved: number;
}
