import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface TagRecord {
  id: number;
  userId: number;
  name: string;
  color: string;
  createdAt: Date;
}

export interface CommentRecord {
  id: number;
  nodeId: number;
  authorId: number;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
}

/** A user's stars on nodes (Favourites page, WebDAV oc:favorite). */
export class FavoriteRepository {
  constructor(private readonly db: DbTx) {}

  async set(userId: number, nodeId: number, at: Date): Promise<void> {
    await this.db.favorite.upsert({ where: { userId_nodeId: { userId, nodeId } }, create: { userId, nodeId, createdAt: at }, update: {} });
  }

  async unset(userId: number, nodeId: number): Promise<void> {
    await this.db.favorite.deleteMany({ where: { userId, nodeId } });
  }

  /** Which of `nodeIds` the user starred (one query). */
  async starredAmong(userId: number, nodeIds: number[]): Promise<Set<number>> {
    if (nodeIds.length === 0) return new Set();
    const rows = await this.db.favorite.findMany({ where: { userId, nodeId: { in: nodeIds } }, select: { nodeId: true } });
    return new Set(rows.map((r) => r.nodeId));
  }

  /** The user's starred node ids, newest star first. */
  async nodeIdsOf(userId: number, limit: number): Promise<number[]> {
    const rows = await this.db.favorite.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { nodeId: "desc" }], take: limit, select: { nodeId: true } });
    return rows.map((r) => r.nodeId);
  }
}

/** A user's tags and the nodes they are put on. */
export class TagRepository {
  constructor(private readonly db: DbTx) {}

  async listOf(userId: number): Promise<(TagRecord & { count: number })[]> {
    const rows = await this.db.tag.findMany({ where: { userId }, orderBy: { name: "asc" }, include: { _count: { select: { nodes: true } } } });
    return rows.map(({ _count, ...tag }) => ({ ...tag, count: _count.nodes }));
  }

  async find(id: number): Promise<TagRecord | null> {
    return this.db.tag.findUnique({ where: { id } });
  }

  async findByName(userId: number, name: string): Promise<TagRecord | null> {
    return this.db.tag.findUnique({ where: { userId_name: { userId, name } } });
  }

  async create(userId: number, name: string, color: string): Promise<TagRecord> {
    return this.db.tag.create({ data: { userId, name, color } });
  }

  async update(id: number, changes: { name?: string; color?: string }): Promise<TagRecord> {
    return this.db.tag.update({ where: { id }, data: changes });
  }

  async delete(id: number): Promise<void> {
    await this.db.tag.deleteMany({ where: { id } });
  }

  async attach(tagId: number, nodeId: number): Promise<void> {
    await this.db.nodeTag.upsert({ where: { tagId_nodeId: { tagId, nodeId } }, create: { tagId, nodeId }, update: {} });
  }

  async detach(tagId: number, nodeId: number): Promise<void> {
    await this.db.nodeTag.deleteMany({ where: { tagId, nodeId } });
  }

  /** The user's tags on each of `nodeIds` (one query), keyed by node id. */
  async tagsOn(userId: number, nodeIds: number[]): Promise<Map<number, TagRecord[]>> {
    const byNode = new Map<number, TagRecord[]>();
    if (nodeIds.length === 0) return byNode;
    const rows = await this.db.nodeTag.findMany({ where: { nodeId: { in: nodeIds }, tag: { userId } }, include: { tag: true }, orderBy: { tag: { name: "asc" } } });
    for (const r of rows) byNode.set(r.nodeId, [...(byNode.get(r.nodeId) ?? []), r.tag]);
    return byNode;
  }

  /**
   * Node ids carrying every one of the user's `tagIds` (newest tagging first by node id), optionally only among
   * `amongIds`. The tag filter for listings and search: callers still apply the access rule to what comes back.
   */
  async nodeIdsWithTags(userId: number, tagIds: number[], opts: { amongIds?: number[]; limit?: number } = {}): Promise<number[]> {
    if (tagIds.length === 0 || opts.amongIds?.length === 0) return [];
    const rows = await this.db.nodeTag.groupBy({
      by: ["nodeId"],
      where: { tagId: { in: tagIds }, tag: { userId }, ...(opts.amongIds ? { nodeId: { in: opts.amongIds } } : {}) },
      having: { nodeId: { _count: { equals: new Set(tagIds).size } } },
      orderBy: { nodeId: "desc" },
      take: opts.limit,
    });
    return rows.map((r) => r.nodeId);
  }
}

/** Comments on nodes. */
export class CommentRepository {
  constructor(private readonly db: DbTx) {}

  /** Oldest first, up to `limit`. */
  async listOn(nodeId: number, limit: number): Promise<CommentRecord[]> {
    return this.db.comment.findMany({ where: { nodeId }, orderBy: { id: "asc" }, take: limit });
  }

  async find(id: number): Promise<CommentRecord | null> {
    return this.db.comment.findUnique({ where: { id } });
  }

  async create(input: { nodeId: number; authorId: number; body: string; createdAt: Date }): Promise<CommentRecord> {
    return this.db.comment.create({ data: input });
  }

  async update(id: number, body: string, editedAt: Date): Promise<CommentRecord> {
    return this.db.comment.update({ where: { id }, data: { body, editedAt } });
  }

  async delete(id: number): Promise<void> {
    await this.db.comment.deleteMany({ where: { id } });
  }
}

/** When each user last opened each file; the Recent page's "opened" half. */
export class RecentOpenRepository {
  constructor(private readonly db: DbTx) {}

  /** One upsert per open. */
  async touch(userId: number, nodeId: number, at: Date): Promise<void> {
    await this.db.recentOpen.upsert({ where: { userId_nodeId: { userId, nodeId } }, create: { userId, nodeId, openedAt: at }, update: { openedAt: at } });
  }

  async latest(userId: number, limit: number): Promise<{ nodeId: number; at: Date }[]> {
    const rows = await this.db.recentOpen.findMany({ where: { userId }, orderBy: { openedAt: "desc" }, take: limit });
    return rows.map((r) => ({ nodeId: r.nodeId, at: r.openedAt }));
  }
}
