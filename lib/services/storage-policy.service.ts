import "server-only";
import { z } from "zod";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import {
  policyInputSchema,
  policySettingsSchema,
  policyTargetSchema,
  type PolicyInput,
  type PolicySettings,
  type PolicyTarget,
  type PolicyView,
  type ProbeResult,
} from "@/lib/domain/storage-policy";
import type { PolicyRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { PolicyUse } from "@/lib/repositories/policy.repository";
import { s3PolicyConfigSchema, sealS3Config, type S3PolicyConfig } from "@/lib/storage/s3-config";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { AuditService } from "./audit.service";
import type { SpaceService } from "./space.service";
import { probeStorage, type ProbeTarget } from "./storage-probe";
import { assertAdmin } from "./user.service";

/** Settings in their stored form (S3 secret sealed) plus where a probe runs, for messages. */
interface StoredSettings {
  kind: PolicyRecord["kind"];
  config: Record<string, unknown>;
  target: ProbeTarget;
}

/**
 * Admin → Storage policies: local and S3 policies with their usage, created and edited only once a connection test of
 * the settings passed (bad credentials, an unreachable endpoint or a missing bucket save nothing), deleted only when
 * nothing uses them, and assigned to a user's space, a team's space or as the default for new spaces. S3 secrets are
 * sealed at rest (SecretBox, purpose STORAGE_SECRET_PURPOSE) and never leave this service: views carry the access key
 * id and whether a secret is set. Site admins only (`null` is the CLI acting as the site); every change is audited.
 */
export class StoragePolicyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly spaces: SpaceService,
    private readonly storage: StorageRegistry,
    /** seals S3 secrets (purpose STORAGE_SECRET_PURPOSE) */
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    /** where the built-in local policy keeps its blobs, for views */
    private readonly builtinRoot: string,
  ) {}

  async list(actor: Actor | null): Promise<PolicyView[]> {
    if (actor) assertAdmin(actor);
    await this.spaces.defaultPolicy(); // a fresh install lists its built-in "local" policy before any space exists
    const [policies, usage] = await Promise.all([this.uow.repos.spaces.allPolicies(), this.uow.repos.policies.usage()]);
    return policies.map((p) => this.view(p, usage.get(p.id)));
  }

  async get(actor: Actor | null, id: number): Promise<PolicyView> {
    if (actor) assertAdmin(actor);
    const policy = await this.find(id);
    return this.view(policy, (await this.uow.repos.policies.usage()).get(id));
  }

  /** A policy by its exact name (the CLI). */
  async byName(actor: Actor | null, name: string): Promise<PolicyView> {
    if (actor) assertAdmin(actor);
    const policy = await this.uow.repos.policies.findByName(name);
    if (!policy) throw new DomainError("NOT_FOUND", `No storage policy named "${name}".`);
    return this.get(actor, policy.id);
  }

  async create(actor: Actor | null, input: PolicyInput): Promise<PolicyView> {
    if (actor) assertAdmin(actor);
    const parsed = parse(policyInputSchema, input);
    if (parsed.kind === "s3" && !parsed.secretAccessKey) throw new DomainError("INVALID_INPUT", "The secret key is required.");
    await this.assertNameFree(parsed.name);
    const settings = this.stored(parsed, null);
    await this.assertConnects(settings);
    const policy = await this.uow.repos.policies
      .create({ name: parsed.name, kind: parsed.kind, config: settings.config, maxFileSize: parsed.maxFileSize, allowedExtensions: parsed.allowedExtensions })
      .catch(conflictOnDuplicate(parsed.name));
    await this.record(actor, "storage.policy.create", policy, { kind: policy.kind, ...publicSettings(settings) });
    return this.get(actor, policy.id);
  }

  /**
   * Replaces a policy's name, settings and limits. An S3 edit without a new secret keeps the stored one. Once the
   * policy holds blobs, where they live (local directory; bucket and prefix) cannot change: that is a migration.
   */
  async update(actor: Actor | null, id: number, input: PolicyInput): Promise<PolicyView> {
    if (actor) assertAdmin(actor);
    const current = await this.find(id);
    const parsed = parse(policyInputSchema, input);
    if (parsed.kind !== current.kind) throw new DomainError("INVALID_INPUT", "A policy's kind cannot change; create a new policy and migrate to it.");
    if (parsed.name !== current.name) await this.assertNameFree(parsed.name);
    const settings = this.stored(parsed, current);
    const changed = JSON.stringify(settings.config) !== JSON.stringify(current.config);
    if (changed) {
      if (movesBlobs(current.config, settings.config) && (await this.uow.repos.policies.hasBlobs(id))) {
        throw new DomainError("CONFLICT", "This policy holds files: its location (directory, bucket or prefix) cannot change. Migrate the files to a new policy instead.");
      }
      await this.assertConnects(settings);
    }
    const policy = await this.uow.repos.policies
      .update(id, { name: parsed.name, config: settings.config, maxFileSize: parsed.maxFileSize, allowedExtensions: parsed.allowedExtensions })
      .catch(conflictOnDuplicate(parsed.name));
    const secretChanged = parsed.kind === "s3" && parsed.secretAccessKey !== undefined;
    await this.record(actor, "storage.policy.update", policy, { ...publicSettings(settings), secretChanged, maxFileSize: policy.maxFileSize, allowedExtensions: policy.allowedExtensions });
    return this.get(actor, id);
  }

  /** Deletes a policy nothing uses: no space, no blob (even unreferenced), no upload in progress, and not the default. */
  async remove(actor: Actor | null, id: number): Promise<void> {
    if (actor) assertAdmin(actor);
    const policy = await this.find(id);
    if (policy.isDefault) throw new DomainError("CONFLICT", "The default policy cannot be deleted; make another policy the default first.");
    await this.uow.transaction(async (repos) => {
      if (await repos.policies.inUse(id)) throw new DomainError("CONFLICT", `"${policy.name}" is in use by spaces or files; assign them another policy and migrate first.`);
      await repos.policies.remove(id);
    });
    await this.record(actor, "storage.policy.delete", policy, { kind: policy.kind });
  }

  /** New writes of a user's personal space, a team's space, or of every space created from now on go to the policy. */
  async assign(actor: Actor | null, id: number, target: PolicyTarget): Promise<void> {
    if (actor) assertAdmin(actor);
    const policy = await this.find(id);
    const to = parse(policyTargetSchema, target);
    if ("default" in to) {
      await this.uow.transaction((repos) => repos.policies.setDefault(id));
      return this.record(actor, "storage.policy.assign", policy, { default: true });
    }
    const space = await this.spaceOf(to);
    await this.uow.repos.policies.assignToSpace(space.id, id);
    await this.record(actor, "storage.policy.assign", policy, "userId" in to ? { userId: to.userId, spaceId: space.id } : { teamId: to.teamId });
  }

  /** The policy a user's personal space or a team's space writes to. */
  async assignmentOf(actor: Actor | null, target: { userId: number } | { teamId: number }): Promise<{ policyId: number }> {
    if (actor) assertAdmin(actor);
    return { policyId: (await this.spaceOf(target)).policyId };
  }

  /**
   * Puts, reads, lists and deletes a probe object. With `settings`, tests them unsaved (editing policy `id` without a
   * new secret uses its stored one); without, tests policy `id` as saved.
   */
  async testConnection(actor: Actor | null, input: { id?: number; settings?: unknown }): Promise<ProbeResult> {
    if (actor) assertAdmin(actor);
    const saved = input.id !== undefined ? await this.find(input.id) : null;
    if (input.settings === undefined) {
      if (!saved) throw new DomainError("INVALID_INPUT", "Give the settings to test, or a saved policy.");
      return this.probe({ kind: saved.kind, config: saved.config, target: this.targetOf(saved.kind, saved.config) });
    }
    const settings = parse(policySettingsSchema, input.settings);
    if (settings.kind === "s3" && !settings.secretAccessKey && saved?.kind !== "s3") throw new DomainError("INVALID_INPUT", "The secret key is required.");
    return this.probe(this.stored(settings, saved));
  }

  private async probe(settings: StoredSettings): Promise<ProbeResult> {
    let driver;
    try {
      driver = this.storage.driverForSettings(settings.kind, settings.config);
    } catch (e) {
      throw new DomainError("INVALID_INPUT", e instanceof Error ? e.message : String(e));
    }
    return probeStorage(driver, settings.target);
  }

  private async assertConnects(settings: StoredSettings): Promise<void> {
    const result = await this.probe(settings);
    const failed = result.steps.find((s) => !s.ok && !s.skipped);
    if (failed) throw new DomainError("INVALID_INPUT", `Nothing was saved: the connection test failed (${failed.step}): ${failed.error}`, { probe: result });
  }

  /** The stored form of parsed settings; an S3 edit without a new secret keeps `current`'s sealed one. */
  private stored(settings: PolicySettings, current: PolicyRecord | null): StoredSettings {
    if (settings.kind === "local") {
      // The built-in policy keeps its implicit directory (config {}) unless a path is given.
      const config = settings.path ? { root: settings.path } : current?.kind === "local" && !current.config.root ? {} : null;
      if (!config) throw new DomainError("INVALID_INPUT", "A local policy needs the absolute path of its directory.");
      return { kind: "local", config, target: this.targetOf("local", config) };
    }
    const { kind: _, secretAccessKey, ...rest } = settings;
    let config: S3PolicyConfig;
    if (secretAccessKey) config = sealS3Config({ ...rest, secretAccessKey }, this.box);
    else {
      const old = current?.kind === "s3" ? s3PolicyConfigSchema.safeParse(current.config) : null;
      if (!old?.success) throw new DomainError("INVALID_INPUT", "The secret key is required.");
      config = { ...rest, secretAccessKeySealed: old.data.secretAccessKeySealed };
    }
    return { kind: "s3", config, target: this.targetOf("s3", config) };
  }

  private targetOf(kind: PolicyRecord["kind"], config: Record<string, unknown>): ProbeTarget {
    if (kind === "local") return { kind, where: typeof config.root === "string" ? config.root : this.builtinRoot };
    return { kind, where: String(config.endpoint) };
  }

  private view(p: PolicyRecord, use: PolicyUse | undefined): PolicyView {
    const s3 = p.kind === "s3" ? s3PolicyConfigSchema.safeParse(p.config) : null;
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      isDefault: p.isDefault,
      maxFileSize: p.maxFileSize,
      allowedExtensions: p.allowedExtensions,
      local: p.kind === "local" ? { path: typeof p.config.root === "string" ? p.config.root : null } : null,
      s3: s3?.success
        ? {
            endpoint: s3.data.endpoint,
            bucket: s3.data.bucket,
            region: s3.data.region,
            prefix: s3.data.prefix,
            pathStyle: s3.data.pathStyle,
            accessKeyId: s3.data.accessKeyId,
            secretSet: Boolean(s3.data.secretAccessKeySealed),
            redirectDownloads: s3.data.redirectDownloads,
          }
        : null,
      usage: use ?? { bytes: 0, blobs: 0, spaces: 0 },
    };
  }

  private async find(id: number): Promise<PolicyRecord> {
    const policy = await this.uow.repos.spaces.policyById(id);
    if (!policy) throw new DomainError("NOT_FOUND", "No such storage policy.");
    return policy;
  }

  private async spaceOf(target: { userId: number } | { teamId: number }) {
    if ("userId" in target) {
      const space = await this.uow.repos.spaces.findPersonal(target.userId);
      if (!space) throw new DomainError("NOT_FOUND", "No such user.");
      return space;
    }
    const space = await this.uow.repos.spaces.findById(target.teamId);
    if (!space || space.kind !== "team" || space.deletedAt) throw new DomainError("NOT_FOUND", "No such team.");
    return space;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.uow.repos.policies.findByName(name)) throw new DomainError("CONFLICT", `A storage policy named "${name}" exists already.`);
  }

  private record(actor: Actor | null, action: string, policy: PolicyRecord, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action, targetType: "storagePolicy", targetId: String(policy.id), details: { name: policy.name, ...details } });
  }
}

/** zod's result, or INVALID_INPUT with every problem in one sentence. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError("INVALID_INPUT", result.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "));
}

/** Settings fit for the audit log: where, never the secret. */
function publicSettings(settings: StoredSettings): Record<string, unknown> {
  const { secretAccessKeySealed: _, ...rest } = settings.config;
  return rest;
}

/** Whether the new settings would put the policy's blobs somewhere else (they would be lost to it). */
function movesBlobs(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return ["root", "bucket", "prefix"].some((k) => before[k] !== after[k]);
}

function conflictOnDuplicate(name: string) {
  return (e: unknown): never => {
    if ((e as { code?: string }).code === "P2002") throw new DomainError("CONFLICT", `A storage policy named "${name}" exists already.`);
    throw e;
  };
}
