/** The UTC calendar day of a moment, "YYYY-MM-DD" (the key of the daily upload and download counters). */
export function utcDay(at: Date): string {
  const ms = at.getTime();
  // Every download asks for today's key: answered from the day last asked while it lasts.
  if (ms >= lastDay.start && ms < lastDay.start + DAY_MS) return lastDay.key;
  const key = at.toISOString().slice(0, 10);
  if (!Number.isNaN(ms)) lastDay = { start: ms - (ms % DAY_MS + DAY_MS) % DAY_MS, key };
  return key;
}

const DAY_MS = 86_400_000;
let lastDay = { start: Number.NaN, key: "" };

/** The `count` UTC days ending with `last`, oldest first. */
export function lastDays(last: Date, count: number): string[] {
  const end = Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate());
  return Array.from({ length: count }, (_, i) => utcDay(new Date(end - (count - 1 - i) * 86_400_000)));
}
