import "server-only";
import { headers } from "next/headers";
import { services } from "@/lib/container";
import { actorFromHeaders } from "./session";

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: "admin" | "user" | "partner";
  locale: "en" | "zh-CN" | null;
  /** a one-time password is in use: the web UI shows only the change-password page */
  mustChangePassword: boolean;
  /** must set up two-step verification before anything else */
  mustEnrolTwoFactor: boolean;
  avatarEtag: string | null;
}

/** The signed-in user for server components, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const actor = await actorFromHeaders(await headers(), { enrolment: true });
  if (!actor) return null;
  const { user } = actor;
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, locale: user.locale, mustChangePassword: user.mustChangePassword, mustEnrolTwoFactor: actor.mustEnrolTwoFactor, avatarEtag: user.avatarEtag };
}

export async function isSetupNeeded(): Promise<boolean> {
  return services().setup.isNeeded();
}
