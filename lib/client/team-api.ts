import { apiFetch } from "@/lib/client/api";
import type { TeamRemoval } from "@/lib/services/team.service";

export type TeamRole = "admin" | "editor" | "viewer";

export interface Team {
  id: number;
  name: string;
  description: string;
  quota: number | null;
  usedBytes: number;
  policyId: number;
  rootId: number;
  /** the caller's role; null for a site admin who is not a member */
  role: TeamRole | "partner" | null;
  manage: boolean;
}

export interface TeamMember {
  userId: number;
  username: string;
  displayName: string;
  role: TeamRole | "partner";
  since: string;
}

export function listTeams(all = false) {
  return apiFetch<{ teams: Team[]; canCreate: boolean }>(all ? "/api/teams?all=1" : "/api/teams");
}

export function createTeam(body: { name: string; description?: string; quota?: number | null }) {
  return apiFetch<Team>("/api/teams", { method: "POST", json: body });
}

export function getTeam(id: number) {
  return apiFetch<Team>(`/api/teams/${id}`);
}

export function updateTeam(id: number, body: { name?: string; description?: string; quota?: number | null; policyId?: number }) {
  return apiFetch<Team>(`/api/teams/${id}`, { method: "PATCH", json: body });
}

/** What happens to a deleted team's files: moved into a user's personal space or another team, or purged. */
export type { TeamRemoval };

export function deleteTeam(id: number, how: TeamRemoval = { mode: "purge" }) {
  return apiFetch<void>(`/api/teams/${id}`, { method: "DELETE", json: how });
}

export function listMembers(id: number) {
  return apiFetch<{ members: TeamMember[] }>(`/api/teams/${id}/members`);
}

export function addMember(id: number, userId: number, role: TeamRole) {
  return apiFetch<{ members: TeamMember[] }>(`/api/teams/${id}/members`, { method: "POST", json: { userId, role } });
}

export function changeMember(id: number, userId: number, role: TeamRole) {
  return apiFetch<{ members: TeamMember[] }>(`/api/teams/${id}/members/${userId}`, { method: "PATCH", json: { role } });
}

export function removeMember(id: number, userId: number) {
  return apiFetch<void>(`/api/teams/${id}/members/${userId}`, { method: "DELETE" });
}
