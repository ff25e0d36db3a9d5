import { ApiError, apiFetch } from "@/lib/client/api";
import type { Locale } from "@/lib/client/api-types";
import type { Translate } from "@/lib/i18n/translate";

export function requestPasswordReset(identifier: string) {
  return apiFetch<{ accepted: boolean }>("/api/password-reset/request", { method: "POST", json: { identifier } });
}

export function resetPassword(token: string, password: string) {
  return apiFetch<{ reset: boolean }>("/api/password-reset", { method: "POST", json: { token, password } });
}

export type Profile = { displayName: string; email: string | null; locale: Locale | null };

export function updateProfile(profile: Partial<Profile>) {
  return apiFetch<Profile>("/api/me/profile", { method: "PATCH", json: profile });
}

export function changePassword(currentPassword: string, newPassword: string) {
  return apiFetch<{ changed: boolean }>("/api/me/password", { method: "POST", json: { currentPassword, newPassword } });
}

export type TwoFactorStatus = { enabled: boolean; recoveryCodesLeft: number; minPasswordLength: number; required?: boolean };
export type TwoFactorEnrolment = { secret: string; uri: string };

export function getTwoFactor() {
  return apiFetch<TwoFactorStatus>("/api/me/two-factor");
}

export function beginTwoFactor() {
  return apiFetch<TwoFactorEnrolment>("/api/me/two-factor", { method: "POST" });
}

export function confirmTwoFactor(code: string) {
  return apiFetch<{ recoveryCodes: string[] }>("/api/me/two-factor/confirm", { method: "POST", json: { code } });
}

export function disableTwoFactor(password: string, code: string) {
  return apiFetch<{ enabled: false }>("/api/me/two-factor/disable", { method: "POST", json: { password, code } });
}

/** A password policy refusal in the user's language (the server's reasons are in English). */
export function passwordError(t: Translate, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== "INVALID_INPUT") return null;
  if (/most common/.test(error.message)) return t("password.common");
  const min = /needs at least (\d+) characters/.exec(error.message);
  return min ? t("password.tooShort", { min: Number(min[1]) }) : null;
}

export type SmtpView = {
  source: "settings" | "env" | "none";
  settings: { url?: string | null; host?: string | null; port?: number | null; secure?: boolean; user?: string | null; from: string } | null;
  hasPassword: boolean;
};
export type SmtpInput = { host: string; port: number | null; secure: boolean; user: string | null; pass?: string; from: string };

export function getMailSettings() {
  return apiFetch<SmtpView>("/api/admin/settings/mail");
}

export function saveMailSettings(input: SmtpInput | null) {
  return apiFetch<SmtpView>("/api/admin/settings/mail", { method: "PUT", json: input });
}

export function sendTestMail(to: string) {
  return apiFetch<{ sent: boolean }>("/api/admin/settings/mail/test", { method: "POST", json: { to } });
}

export function getPasswordPolicy() {
  return apiFetch<{ minLength: number }>("/api/admin/settings/password-policy");
}

export function savePasswordPolicy(minLength: number) {
  return apiFetch<{ minLength: number }>("/api/admin/settings/password-policy", { method: "PUT", json: { minLength } });
}
