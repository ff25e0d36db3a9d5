import { apiFetch } from "@/lib/client/api";

/** An app password as the server lists it (never the secret). Dates are ISO strings. */
export type AppPasswordView = {
  id: number;
  name: string;
  readOnly: boolean;
  scopeNodeId: number | null;
  /** "/Photos/2024" when limited to a folder; "" when that folder was deleted; null for all files */
  scopePath: string | null;
  createdAt: string;
  lastUsedAt: string | null;
};

export type NewAppPassword = { name: string; readOnly: boolean; folderId: number | null };

export function listAppPasswords() {
  return apiFetch<{ items: AppPasswordView[] }>("/api/me/app-passwords");
}

/** The answer holds the password itself, the only time it is ever shown. */
export function createAppPassword(input: NewAppPassword) {
  return apiFetch<{ appPassword: AppPasswordView; password: string }>("/api/me/app-passwords", { method: "POST", json: input });
}

export function revokeAppPassword(id: number) {
  return apiFetch<{ revoked: true }>(`/api/me/app-passwords/${id}`, { method: "DELETE" });
}
