import type { MetadataRoute } from "next";
import { getRequestLocale } from "@/lib/i18n/server";
import { createTranslator } from "@/lib/i18n/translate";

/**
 * /manifest.webmanifest: makes Haven installable (name, icons of 192 and 512 px, standalone display, start URL).
 * Chromium no longer needs a service worker to offer installation, so there is none: nothing is cached offline.
 */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = createTranslator(await getRequestLocale());
  return {
    name: t("app.name"),
    short_name: t("app.name"),
    description: t("app.tagline"),
    id: "/",
    start_url: "/files",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#2563eb",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
