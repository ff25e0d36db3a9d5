import { apiFetch } from "@/lib/client/api";

export type PartnerRequestState = "pending" | "approved" | "rejected";
export type PartnerRequestItem = {
  id: number;
  name: string;
  email: string;
  company: string;
  reason: string;
  username: string;
  expiresOn: string;
  teamSpaceId: number;
  teamName: string;
  requestedBy: string;
  state: PartnerRequestState;
  decidedAt: string | null;
  decisionReason: string | null;
  userId: number | null;
  createdAt: string;
};
export type PartnerItem = {
  userId: number;
  username: string;
  displayName: string;
  email: string | null;
  company: string;
  teamSpaceId: number;
  teamName: string;
  sponsor: string | null;
  expiresOn: string;
  expired: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
  folderId: number | null;
};
export type PartnerAuditEvent = { id: number; at: string; action: string; ip: string | null; targetType: string | null; targetId: string | null; details: Record<string, unknown> | null };
export type PartnerRequestInput = { teamSpaceId: number; name: string; email: string; company: string; reason: string; expiresOn: string; username?: string };

export const partnerKeys = { all: ["partners"] as const };

export const partnerApi = {
  teams: () => apiFetch<{ teams: { id: number; name: string }[] }>("/api/partners/teams"),
  request: (input: PartnerRequestInput) => apiFetch<{ id: number }>("/api/partners/requests", { method: "POST", json: input }),
  queue: (state?: PartnerRequestState) => apiFetch<{ requests: PartnerRequestItem[] }>(`/api/partners/requests${state ? `?state=${state}` : ""}`),
  teamRequests: (teamId: number) => apiFetch<{ requests: PartnerRequestItem[] }>(`/api/partners/requests?team=${teamId}`),
  approve: (id: number) => apiFetch<{ userId: number; mailed: boolean }>(`/api/partners/requests/${id}/approve`, { method: "POST" }),
  reject: (id: number, reason: string) => apiFetch<{ rejected: true }>(`/api/partners/requests/${id}/reject`, { method: "POST", json: { reason } }),
  list: (teamId?: number) => apiFetch<{ partners: PartnerItem[]; canApprove: boolean }>(`/api/partners${teamId ? `?team=${teamId}` : ""}`),
  patch: (userId: number, changes: { disabled?: boolean; expiresOn?: string }) => apiFetch<PartnerItem>(`/api/partners/${userId}`, { method: "PATCH", json: changes }),
  audit: (userId: number) => apiFetch<{ events: PartnerAuditEvent[] }>(`/api/partners/${userId}/audit`),
  resend: (userId: number) => apiFetch<{ mailed: boolean }>(`/api/partners/${userId}/invitation`, { method: "POST" }),
  approvers: () => apiFetch<{ approvers: { id: number; username: string; displayName: string }[] }>("/api/partners/approvers"),
  setApprovers: (usernames: string[]) => apiFetch<{ approvers: { id: number; username: string }[] }>("/api/partners/approvers", { method: "PUT", json: { usernames } }),
};
