import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import { tagColor, tagName } from "@/lib/domain/tags";
import type { UnitOfWork } from "@/lib/repositories";
import type { TagRecord } from "@/lib/repositories/quick-access.repository";
import type { AccessService } from "./access.service";
import type { FileService, NodeEntry } from "./file.service";
import { requireAccount } from "./quick-access";

const MAX_TAGS = 200;
const MAX_TAGGED_LISTED = 1000;

export type TagView = Pick<TagRecord, "id" | "name" | "color">;

/**
 * A user's own coloured tags, put on any item it can read. Nobody else sees them. The tag filter for other features
 * (search) is TagRepository.nodeIdsWithTags, followed by the access rule as here.
 */
export class TagService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileService,
  ) {}

  async list(actor: Actor): Promise<(TagRecord & { count: number })[]> {
    requireAccount(actor, { change: false });
    return this.uow.repos.tags.listOf(actor.userId);
  }

  /** CONFLICT when the actor already has a tag of that name. */
  async create(actor: Actor, input: { name: string; color: string }): Promise<TagRecord> {
    requireAccount(actor, { change: true });
    const name = tagName(input.name);
    const color = tagColor(input.color);
    if ((await this.uow.repos.tags.listOf(actor.userId)).length >= MAX_TAGS) throw new DomainError("QUOTA_EXCEEDED", `You may have at most ${MAX_TAGS} tags.`);
    await this.assertFreeName(actor, name);
    return this.uow.repos.tags.create(actor.userId, name, color);
  }

  /** Renames and/or recolours one of the actor's tags. */
  async update(actor: Actor, tagId: number, input: { name?: string; color?: string }): Promise<TagRecord> {
    requireAccount(actor, { change: true });
    const tag = await this.ownTag(actor, tagId);
    const name = input.name === undefined ? undefined : tagName(input.name);
    if (name !== undefined && name !== tag.name) await this.assertFreeName(actor, name);
    return this.uow.repos.tags.update(tag.id, { name, color: input.color === undefined ? undefined : tagColor(input.color) });
  }

  /** Deletes the tag and takes it off every item. */
  async delete(actor: Actor, tagId: number): Promise<void> {
    requireAccount(actor, { change: true });
    await this.uow.repos.tags.delete((await this.ownTag(actor, tagId)).id);
  }

  /** Puts one of the actor's tags on (or takes it off) an item the actor can read. */
  async setOnNode(actor: Actor, tagId: number, nodeId: number, on: boolean): Promise<void> {
    requireAccount(actor, { change: true });
    const tag = await this.ownTag(actor, tagId);
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    if (on) await this.uow.repos.tags.attach(tag.id, node.id);
    else await this.uow.repos.tags.detach(tag.id, node.id);
  }

  /** The actor's tags on each of the nodes (one query; empty for link visitors). */
  async tagsOn(actor: Actor, nodeIds: number[]): Promise<Map<number, TagView[]>> {
    if (actor.link) return new Map();
    const byNode = await this.uow.repos.tags.tagsOn(actor.userId, nodeIds);
    return new Map([...byNode].map(([id, tags]) => [id, tags.map(({ id, name, color }) => ({ id, name, color }))]));
  }

  /** The readable live items carrying every one of the tags (the Tags page; `amongIds` narrows to a listing). */
  async taggedItems(actor: Actor, tagIds: number[], amongIds?: number[]): Promise<NodeEntry[]> {
    requireAccount(actor, { change: false });
    for (const id of tagIds) await this.ownTag(actor, id);
    return this.files.getMany(actor, await this.uow.repos.tags.nodeIdsWithTags(actor.userId, tagIds, { amongIds, limit: MAX_TAGGED_LISTED }));
  }

  /** One of the actor's tags; anyone else's is NOT_FOUND. */
  private async ownTag(actor: Actor, tagId: number): Promise<TagRecord> {
    const tag = await this.uow.repos.tags.find(tagId);
    if (!tag || tag.userId !== actor.userId) throw new DomainError("NOT_FOUND", "No such tag.");
    return tag;
  }

  private async assertFreeName(actor: Actor, name: string): Promise<void> {
    if (await this.uow.repos.tags.findByName(actor.userId, name)) throw new DomainError("CONFLICT", `You already have a tag named "${name}".`);
  }
}
