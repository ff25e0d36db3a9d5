import type { UserWithUsage } from "@/lib/services/user.service";
import type { Services } from "@/lib/container";
import type { NextcloudActor } from "./auth";

/** Nextcloud's "unlimited" (FileInfo::SPACE_UNLIMITED). */
const UNLIMITED = -3;

/** `cloud/user` – the signed-in account (with `display-name`, as the clients read it). */
export async function currentUser(services: Services, actor: NextcloudActor) {
  const data = userData(await services.users.profileOf(actor, actor.user.username));
  return { ...data, "display-name": data.displayname };
}

/** `cloud/users/<id>` – oneself, or anyone for an admin; NOT_FOUND otherwise. */
export async function userById(services: Services, actor: NextcloudActor, username: string) {
  return userData(await services.users.profileOf(actor, username));
}

/** The fields of Nextcloud's provisioning API user data that Haven has. */
function userData(user: UserWithUsage) {
  const total = user.quota;
  return {
    enabled: !user.disabled,
    id: user.username,
    lastLogin: user.lastLoginAt ? user.lastLoginAt.getTime() : 0,
    backend: "Database",
    subadmin: [],
    quota: {
      free: total === null ? UNLIMITED : Math.max(0, total - user.used),
      used: user.used,
      total: total === null ? UNLIMITED : total,
      relative: total ? Math.round((user.used / total) * 10000) / 100 : 0,
      quota: total === null ? UNLIMITED : total,
    },
    email: user.email,
    displayname: user.displayName,
    phone: "",
    address: "",
    website: "",
    twitter: "",
    organisation: "",
    role: "",
    headline: "",
    biography: "",
    groups: user.role === "admin" ? ["admin"] : [],
    language: user.locale === "zh-CN" ? "zh_CN" : "en",
    locale: "",
    backendCapabilities: { setDisplayName: false, setPassword: false },
  };
}
