import type { UserWithUsage } from "@/lib/services/user.service";

export function userView(u: UserWithUsage) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    quota: u.quota,
    used: u.used,
    twoFactorRequired: u.twoFactorRequired,
  };
}
