import { apiFetch } from "@/lib/client/api";
import type { Locale, Me } from "@/lib/client/api-types";

export function getMe() {
  return apiFetch<Me>("/api/me");
}

export function updateMyLocale(locale: Locale) {
  return apiFetch<Me>("/api/me", { method: "PATCH", json: { locale } });
}

export function createFirstAdmin(input: { username: string; password: string; displayName: string; email?: string }) {
  return apiFetch<{ id: number }>("/api/setup", { method: "POST", json: input });
}
