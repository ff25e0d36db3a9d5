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

export type AccountFields = { username: string; displayName: string; email: string; password: string };

/** What a sign-up form sends: trimmed, the display name defaulting to the username, an empty email left out. */
export function accountInput(form: AccountFields) {
  const username = form.username.trim();
  return { username, displayName: form.displayName.trim() || username, email: form.email.trim() || undefined, password: form.password };
}
