import { apiFetch, ApiError } from "@/lib/client/api";
import type { SessionView } from "@/lib/services/session.service";
import type { Locale } from "@/lib/client/api-types";

// The shape the session service answers with (imported, so the two cannot drift).
export type { SessionView };

export const sessionsKey = ["sessions"] as const;

export function listSessions() {
  return apiFetch<{ sessions: SessionView[] }>("/api/me/sessions").then((r) => r.sessions);
}

export function revokeSession(id: string) {
  return apiFetch<void>(`/api/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function signOutEverywhere(includeCurrent: boolean) {
  return apiFetch<{ ended: number }>("/api/me/sessions/revoke-all", { method: "POST", json: { includeCurrent } });
}

/** Sends the picture's bytes as they are; the server re-encodes them. */
export async function uploadAvatar(file: Blob): Promise<{ etag: string }> {
  let response: Response;
  try {
    response = await fetch("/api/me/avatar", { method: "PUT", body: file, credentials: "same-origin", headers: { Accept: "application/json", "Content-Type": file.type || "application/octet-stream" } });
  } catch {
    throw new ApiError("Network error", 0, "NETWORK");
  }
  const body = (await response.json().catch(() => ({}))) as { etag?: string; error?: { code?: string; message?: string } };
  if (!response.ok) throw new ApiError(body.error?.message ?? `${response.status}`, response.status, body.error?.code ?? `HTTP_${response.status}`);
  return { etag: body.etag! };
}

export function removeAvatar() {
  return apiFetch<void>("/api/me/avatar", { method: "DELETE" });
}

/** A versioned avatar URL (cached until the picture changes), or null when the user has none. */
export function avatarUrl(userId: number, etag: string | null | undefined): string | null {
  return etag ? `/api/users/${userId}/avatar?v=${etag}` : null;
}

export function signUp(input: { username: string; email: string; password: string; locale: Locale }) {
  return apiFetch<{ accepted: true }>("/api/registration", { method: "POST", json: input });
}

export function verifyEmail(token: string) {
  return apiFetch<{ username: string }>("/api/registration/verify", { method: "POST", json: { token } });
}
