import "server-only";
import { newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import { BUILTIN_POLICY_NAME } from "@/lib/domain/storage-policy";
import type { PolicyRecord, SpaceRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";

export interface SpaceUsage {
  spaceId: number;
  rootId: number;
  used: number;
  quota: number | null;
}

/** Spaces: creation with their root folder, personal-space lookup, quota settings and usage. */
export class SpaceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async personalSpace(userId: number): Promise<SpaceRecord> {
    const space = await this.uow.repos.spaces.findPersonal(userId);
    if (!space || space.rootNodeId === null) throw new DomainError("NOT_FOUND", "This account has no personal space.");
    return space;
  }

  async usage(userId: number): Promise<SpaceUsage> {
    const s = await this.personalSpace(userId);
    return { spaceId: s.id, rootId: s.rootNodeId!, used: s.usedBytes, quota: s.quota };
  }

  /** Creates a space with its root folder and its first member, inside the caller's transaction. */
  async createSpace(
    repos: Repositories,
    input: { kind: SpaceRecord["kind"]; name: string; ownerId: number | null; quota: number | null; memberRole: string; memberId: number },
  ): Promise<SpaceRecord> {
    const policy = await this.defaultPolicy(repos);
    const space = await repos.spaces.create({ kind: input.kind, name: input.name, ownerId: input.ownerId, quota: input.quota, policyId: policy.id });
    const root = await repos.nodes.create({
      spaceId: space.id,
      parentId: null,
      parentPath: "/",
      name: "",
      isFolder: true,
      size: 0,
      mimeType: null,
      etag: newEtag(),
      mtime: this.clock.now(),
      creatorId: input.ownerId,
    });
    await repos.spaces.setRoot(space.id, root.id);
    await repos.spaces.addMember(space.id, input.memberId, input.memberRole);
    return { ...space, rootNodeId: root.id };
  }

  async setPersonalQuota(userId: number, quota: number | null): Promise<void> {
    if (quota !== null && (!Number.isSafeInteger(quota) || quota < 0)) throw new DomainError("INVALID_INPUT", "A quota is a whole number of bytes, or unlimited.");
    const space = await this.personalSpace(userId);
    await this.uow.repos.spaces.setQuota(space.id, quota);
  }

  async policyOf(space: SpaceRecord, repos: Repositories = this.uow.repos): Promise<PolicyRecord> {
    const policy = await repos.spaces.policyById(space.policyId);
    if (!policy) throw new DomainError("STORAGE_ERROR", "The space's storage policy is missing.");
    return policy;
  }

  /** The default storage policy; the first call creates the built-in local one. */
  async defaultPolicy(repos: Repositories = this.uow.repos): Promise<PolicyRecord> {
    return (await repos.spaces.defaultPolicy()) ?? repos.spaces.createPolicy({ name: BUILTIN_POLICY_NAME, kind: "local", config: {}, isDefault: true });
  }
}
