import type { Locale } from "@/lib/i18n/locale";
import type { Translate } from "@/lib/i18n/translate";

/** Binary multiples named as such: a quota typed in GiB reads back in GiB. */
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number | null, locale: Locale): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number, locale: Locale): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** For lists: "Nov 22, 08:14" this year, "Mar 3, 2023" before. */
export function formatShortDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(
    locale,
    thisYear ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" } : { year: "numeric", month: "short", day: "numeric" },
  );
}

/** Seconds → "1 h 5 min", "3 min 20 s", "12 s". */
export function formatDuration(seconds: number, t: Translate): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return t("time.hoursMinutes", { h, m });
  if (m > 0) return t("time.minutesSeconds", { m, s: s % 60 });
  return t("time.seconds", { s });
}
