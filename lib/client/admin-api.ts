import { apiFetch } from "@/lib/client/api";
import type { UserView } from "@/lib/client/api-types";

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
