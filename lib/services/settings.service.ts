import "server-only";
import { createHash } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import { DEFAULT_VERSION_RETENTION, type VersionRetention } from "@/lib/domain/version-retention";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from "./password";

/** The admin's share policy, enforced by the share-link service on every create and edit. */
export interface SharePolicy {
  /** false: no new links, and existing links answer 404 */
  publicLinks: boolean;
  /** every public link must have a password */
  requirePassword: boolean;
  /** links must expire within this many days; null = no maximum */
  maxExpiryDays: number | null;
  /** whether upload-only (file drop) and read-write links may be created */
  allowUploadLinks: boolean;
  /** whether partner accounts may create links and grants */
  partnersMayShare: boolean;
}

export const DEFAULT_SHARE_POLICY: SharePolicy = { publicLinks: true, requirePassword: false, maxExpiryDays: null, allowUploadLinks: true, partnersMayShare: false };

const GiB = 1024 ** 3;

/** The admin's site settings (Admin → Settings); the share, password and mail settings have their own calls. */
export interface SiteSettings {
  siteName: string;
  /** sign-up on the sign-in page (with email verification) */
  registration: { enabled: boolean };
  /** site-wide: every account must use two-step sign-in */
  twoFactorPolicy: { required: boolean };
  /** bytes for new accounts; null = unlimited */
  defaultQuota: number | null;
  /** trash entries are purged after this many days */
  trashRetentionDays: number;
  /** old file versions beyond this count or age are pruned (null = no limit), always keeping the newest `keepNewest` */
  versionRetention: VersionRetention;
  /** audit events are deleted after this many days */
  auditRetentionDays: number;
}

/** A partial update of the site settings (Admin → Settings): any fields, and any of the version limits. */
export type SiteSettingsChanges = Partial<Omit<SiteSettings, "versionRetention">> & { versionRetention?: Partial<VersionRetention> };

export interface SiteLogo {
  png: Buffer;
  etag: string;
}

const positiveInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1;

/** Site settings with their defaults. */
export class SettingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly defaults: { defaultQuota: number } = { defaultQuota: 100 * GiB },
  ) {}

  async defaultQuota(): Promise<number | null> {
    const value = await this.uow.repos.settings.get<number | null>("defaultQuota");
    return value === undefined ? this.defaults.defaultQuota : value;
  }

  async trashRetentionDays(): Promise<number> {
    return (await this.uow.repos.settings.get<number>("trashRetentionDays")) ?? 30;
  }

  async sharePolicy(): Promise<SharePolicy> {
    const stored = await this.uow.repos.settings.get<Partial<SharePolicy>>("sharePolicy");
    return { ...DEFAULT_SHARE_POLICY, ...(stored ?? {}) };
  }

  /** Admins only. Fields left out keep their value. */
  async setSharePolicy(actor: Actor, changes: Partial<SharePolicy>): Promise<SharePolicy> {
    if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may change the share policy.");
    if (changes.maxExpiryDays !== undefined && changes.maxExpiryDays !== null && (!Number.isInteger(changes.maxExpiryDays) || changes.maxExpiryDays < 1)) {
      throw new DomainError("INVALID_INPUT", "The maximum expiry is a whole number of days (at least 1), or none.");
    }
    const next = { ...(await this.sharePolicy()), ...changes };
    await this.uow.repos.settings.set("sharePolicy", next);
    return next;
  }

  async passwordPolicy(): Promise<PasswordPolicy> {
    const stored = await this.uow.repos.settings.get<Partial<PasswordPolicy>>("passwordPolicy");
    return { ...DEFAULT_PASSWORD_POLICY, ...(stored ?? {}) };
  }

  /** Admins only. Applies to passwords set from now on. */
  async setPasswordPolicy(actor: Actor, changes: Partial<PasswordPolicy>): Promise<PasswordPolicy> {
    if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may change the password policy.");
    if (changes.minLength !== undefined && (!Number.isInteger(changes.minLength) || changes.minLength < 6 || changes.minLength > 128)) {
      throw new DomainError("INVALID_INPUT", "The minimum password length is a whole number from 6 to 128.");
    }
    const next = { ...(await this.passwordPolicy()), ...changes };
    await this.uow.repos.settings.set("passwordPolicy", next);
    return next;
  }

  async siteName(): Promise<string> {
    return (await this.uow.repos.settings.get<string>("siteName")) ?? "Haven";
  }

  async versionRetention(): Promise<SiteSettings["versionRetention"]> {
    return { ...DEFAULT_VERSION_RETENTION, ...((await this.uow.repos.settings.get<Partial<VersionRetention>>("versionRetention")) ?? {}) };
  }

  async auditRetentionDays(): Promise<number> {
    return (await this.uow.repos.settings.get<number>("auditRetentionDays")) ?? 365;
  }

  async site(): Promise<SiteSettings> {
    const [siteName, registration, twoFactorPolicy, defaultQuota, trashRetentionDays, versionRetention, auditRetentionDays] = await Promise.all([
      this.siteName(),
      this.registration(),
      this.twoFactorPolicy(),
      this.defaultQuota(),
      this.trashRetentionDays(),
      this.versionRetention(),
      this.auditRetentionDays(),
    ]);
    return { siteName, registration, twoFactorPolicy, defaultQuota, trashRetentionDays, versionRetention, auditRetentionDays };
  }

  /** Admins only. Fields left out keep their value. */
  async setSite(actor: Actor, changes: SiteSettingsChanges): Promise<SiteSettings> {
    if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may change site settings.");
    const invalid = (message: string) => new DomainError("INVALID_INPUT", message);
    if (changes.siteName !== undefined && (changes.siteName.trim().length === 0 || changes.siteName.length > 60)) throw invalid("A site name is 1–60 characters.");
    if (changes.defaultQuota !== undefined && changes.defaultQuota !== null && (!Number.isSafeInteger(changes.defaultQuota) || changes.defaultQuota < 0)) {
      throw invalid("A quota is a whole number of bytes, or unlimited.");
    }
    for (const key of ["trashRetentionDays", "auditRetentionDays"] as const) {
      if (changes[key] !== undefined && !positiveInt(changes[key])) throw invalid("A retention is a whole number of days (at least 1).");
    }
    const vr = changes.versionRetention;
    if (vr && [vr.maxVersions, vr.maxAgeDays].some((v) => v !== undefined && v !== null && !positiveInt(v))) throw invalid("Version limits are whole numbers (at least 1), or none.");
    if (vr?.keepNewest !== undefined && !positiveInt(vr.keepNewest)) throw invalid("The versions always kept are a whole number (at least 1).");
    const settings = this.uow.repos.settings;
    if (changes.siteName !== undefined) await settings.set("siteName", changes.siteName.trim());
    for (const key of ["registration", "twoFactorPolicy", "defaultQuota", "trashRetentionDays", "auditRetentionDays"] as const) {
      if (changes[key] !== undefined) await settings.set(key, changes[key]);
    }
    if (vr) await settings.set("versionRetention", { ...(await this.versionRetention()), ...vr });
    return this.site();
  }

  async logo(): Promise<SiteLogo | null> {
    const stored = await this.uow.repos.settings.get<{ png: string; etag: string }>("siteLogo");
    return stored ? { png: Buffer.from(stored.png, "base64"), etag: stored.etag } : null;
  }

  /** Admins only. `png` is already resized (lib/media/logo.ts); null removes the logo. */
  async setLogo(actor: Actor, png: Buffer | null): Promise<void> {
    if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may change the logo.");
    if (png === null) return this.uow.repos.settings.remove("siteLogo");
    await this.uow.repos.settings.set("siteLogo", { png: png.toString("base64"), etag: createHash("sha256").update(png).digest("hex").slice(0, 16) });
  }
  /** Whether users (not only site admins) may create teams; off by default. */
  async usersMayCreateTeams(): Promise<boolean> {
    return (await this.uow.repos.settings.get<boolean>("usersMayCreateTeams")) ?? false;
  }

  /** Admins only. */
  async setUsersMayCreateTeams(actor: Actor, allowed: boolean): Promise<boolean> {
    if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may change who creates teams.");
    await this.uow.repos.settings.set("usersMayCreateTeams", allowed);
    return allowed;
  }
  /** Site-wide two-step verification policy: when required, every account must enrol before anything else. */
  async twoFactorPolicy(): Promise<TwoFactorPolicy> {
    return twoFactorPolicyOf(await this.uow.repos.settings.get("twoFactorPolicy"));
  }

  /** Whether visitors may create accounts (with email verification); off by default. */
  async registration(): Promise<RegistrationSettings> {
    const stored = await this.uow.repos.settings.get<Partial<RegistrationSettings>>("registration");
    return { enabled: stored?.enabled === true };
  }
}

export interface TwoFactorPolicy {
  required: boolean;
}

export interface RegistrationSettings {
  enabled: boolean;
}

/** The site's two-step policy from its stored value (Setting "twoFactorPolicy"; undefined when never set). */
export function twoFactorPolicyOf(stored: unknown): TwoFactorPolicy {
  return { required: (stored as Partial<TwoFactorPolicy> | undefined)?.required === true };
}
