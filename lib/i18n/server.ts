import "server-only";
import type { Metadata } from "next";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { localeFromAcceptLanguage, isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/locale";
import { createTranslator, type MessageKey } from "@/lib/i18n/translate";

/** The user's saved locale, else the `haven-locale` cookie, else the browser's Accept-Language (once per request). */
export const getRequestLocale = cache(async function getRequestLocale(): Promise<Locale> {
  const user = await getCurrentUser().catch(() => null);
  if (user?.locale && isLocale(user.locale)) return user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});

export async function getServerTranslator() {
  return createTranslator(await getRequestLocale());
}

/** A page's `generateMetadata` when its title is one message: `export const generateMetadata = titleMetadata("trash.title")`. */
export function titleMetadata(key: MessageKey) {
  return async function generateMetadata(): Promise<Metadata> {
    const t = await getServerTranslator();
    return { title: t(key) };
  };
}
