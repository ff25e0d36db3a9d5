/** Locales Haven ships, and how a request's locale is picked (shared by server and browser). */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "haven-locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** "zh-CN" when the most preferred Accept-Language entry is any Chinese, else "en". */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  const first = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith("zh") ? "zh-CN" : DEFAULT_LOCALE;
}

export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };
