import { apiFetch } from "@/lib/client/api";
import type { PolicyInput, PolicySettings, PolicyTarget, PolicyView, ProbeResult } from "@/lib/domain/storage-policy";

export type { PolicyInput, PolicyTarget, PolicyView, ProbeResult };

export const POLICIES_KEY = ["admin-storage"] as const;

/** Admin → Storage policies (issue 11): /api/admin/storage. */
export const listPolicies = () => apiFetch<{ items: PolicyView[] }>("/api/admin/storage");
export const createPolicy = (input: PolicyInput) => apiFetch<PolicyView>("/api/admin/storage", { method: "POST", json: input });
export const updatePolicy = (id: number, input: PolicyInput) => apiFetch<PolicyView>(`/api/admin/storage/${id}`, { method: "PATCH", json: input });
export const deletePolicy = (id: number) => apiFetch<{ ok: true }>(`/api/admin/storage/${id}`, { method: "DELETE" });
export const assignPolicy = (id: number, target: PolicyTarget) => apiFetch<{ ok: true }>(`/api/admin/storage/${id}/assign`, { method: "POST", json: target });
/** Tests `settings` unsaved (with `id`: the policy being edited, whose stored secret is used when none is typed), or policy `id` as saved. */
export const testPolicy = (body: { id?: number; settings?: Partial<PolicySettings> & { kind: "local" | "s3" } }) =>
  apiFetch<ProbeResult>("/api/admin/storage/test", { method: "POST", json: body });
export const policyAssignment = (of: { userId: number } | { teamId: number }) =>
  apiFetch<{ policyId: number }>(`/api/admin/storage/assignment?${"userId" in of ? `userId=${of.userId}` : `teamId=${of.teamId}`}`);
