import { ApiError, apiFetch } from "@/lib/client/api";
import type { ConsistencyReport } from "@/lib/domain/consistency-report";
import type { UserView } from "@/lib/client/api-types";
import type { UserSource } from "@/lib/client/share-api";
import type { Overview } from "@/lib/services/admin-stats.service";
import type { SiteSettings, SiteSettingsChanges } from "@/lib/services/settings.service";

export type NewUser = {
  username: string;
  password: string;
  displayName: string;
  email?: string;
  role: "admin" | "user";
  quota: number | null;
};

export type UserChanges = {
  disabled?: boolean;
  quota?: number | null;
  role?: "admin" | "user";
  password?: string;
  displayName?: string;
  email?: string;
  twoFactorRequired?: boolean;
};

export function listUsers() {
  return apiFetch<{ items: UserView[] }>("/api/admin/users");
}

export function createUser(input: NewUser) {
  return apiFetch<UserView>("/api/admin/users", { method: "POST", json: input });
}

export function updateUser(id: number, changes: UserChanges) {
  return apiFetch<UserView>(`/api/admin/users/${id}`, { method: "PATCH", json: changes });
}

// ---- Admin dashboard (issue 10): overview, paged users, delete, jobs, audit, site settings

// The overview's and the site settings' JSON are the services' own types (type-only imports: erased from the bundle),
// so the browser's view cannot drift from what the routes return.
export type { Overview, SiteSettings, SiteSettingsChanges };
export type DayCounts = Overview["days"][number];
export type PolicyUsage = Overview["policies"][number];
export type JobView = { id: number; type: string; status: "queued" | "running" | "done" | "failed"; progress: number; attempts: number; maxAttempts: number; runAt: string; createdAt: string; finishedAt: string | null; lastError: string | null };
export type AuditView = { id: number; at: string; actor: string | null; ip: string | null; action: string; targetType: string | null; targetId: string | null; details: string | null };
export type AuditFilter = { actor?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string };
export type UserRemoval = { mode: "transfer"; toUserId: number } | { mode: "purge" };

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== "").map(([k, v]) => [k, String(v)])).toString();

export const getOverview = () => apiFetch<Overview>("/api/admin/overview");
export const pageUsers = (q: string, offset: number, limit: number) =>
  apiFetch<{ items: UserView[]; total: number; offset: number; limit: number }>(`/api/admin/users?${qs({ q, offset, limit })}`);
/** Every account matching a name or email (GET /api/admin/users), for a site admin's user picker. */
export const ACCOUNTS: UserSource = {
  key: "accounts",
  search: async (q) => (await pageUsers(q, 0, 20)).items.map(({ id, username, displayName, email }) => ({ id, username, displayName, email })),
};
export const deleteUser = (id: number, how: UserRemoval) => apiFetch<{ ok: true }>(`/api/admin/users/${id}`, { method: "DELETE", json: how });
export const listJobs = (status?: JobView["status"]) => apiFetch<{ items: JobView[] }>(`/api/admin/jobs?${qs({ status })}`);
export const retryJob = (id: number) => apiFetch<JobView>(`/api/admin/jobs/${id}/retry`, { method: "POST" });
export type ConsistencyRunView = { id: number; repair: boolean; status: "running" | "done" | "failed"; report: ConsistencyReport | { error: string } | null; createdAt: string; finishedAt: string | null };
export const latestConsistencyRun = () => apiFetch<{ run: ConsistencyRunView | null }>("/api/admin/fsck");
export const startConsistencyRun = (repair: boolean) => apiFetch<{ id: number }>("/api/admin/fsck", { method: "POST", json: { repair } });
export const auditQueryString = (filter: AuditFilter) => qs(filter);
export const listAudit = (filter: AuditFilter, cursor?: number) => apiFetch<{ items: AuditView[]; nextCursor: number | null }>(`/api/admin/audit?${qs({ ...filter, cursor })}`);
export const getSiteSettings = () => apiFetch<SiteSettings>("/api/admin/settings/site");
export const saveSiteSettings = (changes: SiteSettingsChanges) => apiFetch<SiteSettings>("/api/admin/settings/site", { method: "PUT", json: changes });
export async function uploadLogo(file: File): Promise<void> {
  const res = await fetch("/api/admin/settings/logo", { method: "PUT", body: file, credentials: "same-origin", headers: { "Content-Type": file.type || "application/octet-stream" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(body?.error?.message ?? res.statusText, res.status, body?.error?.code ?? "HTTP");
  }
}
export const removeLogo = () => apiFetch<{ ok: true }>("/api/admin/settings/logo", { method: "DELETE" });
export const getSite = () => apiFetch<{ name: string; logoUrl: string | null }>("/api/site");
