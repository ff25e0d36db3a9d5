/** The admin's version retention (Admin → Settings), applied daily by the versions.retention job. */
export interface VersionRetention {
  /** versions kept per file, counting the current one; null = no count limit */
  maxVersions: number | null;
  /** versions older than this many days go; null = no age limit */
  maxAgeDays: number | null;
  /** the newest this many versions of a file always stay, whatever the two limits say */
  keepNewest: number;
}

export const DEFAULT_VERSION_RETENTION: VersionRetention = { maxVersions: null, maxAgeDays: null, keepNewest: 3 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The versions of one file that retention removes, given newest first. The current version always stays, and so do
 * the newest `keepNewest`; beyond them a version goes when it is past `maxVersions` (by position) or older than
 * `maxAgeDays`.
 */
export function prunableVersions<V extends { id: number; createdAt: Date }>(newestFirst: V[], currentId: number | null, rule: VersionRetention, now: Date): V[] {
  if (rule.maxVersions === null && rule.maxAgeDays === null) return [];
  const cutoff = rule.maxAgeDays === null ? null : now.getTime() - rule.maxAgeDays * DAY_MS;
  return newestFirst.filter((v, index) => {
    if (v.id === currentId || index < rule.keepNewest) return false;
    return (rule.maxVersions !== null && index >= rule.maxVersions) || (cutoff !== null && v.createdAt.getTime() < cutoff);
  });
}
