const UNITS: Record<string, number> = {
  b: 1,
  k: 1024, kb: 1000, kib: 1024,
  m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
  t: 1024 ** 4, tb: 1000 ** 4, tib: 1024 ** 4,
};

/** Parses "100GiB", "1.5 TB", "2048" (bytes) or "unlimited" (null). Throws on anything else. */
export function parseSize(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === "unlimited" || value === "none") return null;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(value);
  const unit = m ? UNITS[m[2] || "b"] : undefined;
  if (!m || unit === undefined) throw new Error(`"${text}" is not a size (try 10GiB, 500MB or unlimited).`);
  return Math.round(Number(m[1]) * unit);
}

/** "1.5 GiB"-style text for people. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${units[i]}`;
}
