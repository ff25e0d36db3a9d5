import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { ShareGrantRecord, ShareLinkRecord } from "@/lib/domain/types";
import { toShareGrant, toShareLink } from "./mappers";

export interface NewShareLink {
  token: string;
  nodeId: number;
  createdById: number;
  mode: ShareLinkRecord["mode"];
  passwordHash: string | null;
  expiresAt: Date | null;
  downloadLimit: number | null;
  uploadSizeLimit: number | null;
}

export type ShareLinkChanges = Partial<Pick<ShareLinkRecord, "mode" | "passwordHash" | "expiresAt" | "downloadLimit" | "uploadSizeLimit" | "revokedAt">>;

const big = (v: number | null | undefined) => (v === null || v === undefined ? v : BigInt(v));

/** Public links and internal share grants. Knows nothing of permissions. */
export class ShareRepository {
  constructor(private readonly db: DbTx) {}

  async createLink(input: NewShareLink): Promise<ShareLinkRecord> {
    return toShareLink(await this.db.shareLink.create({ data: { ...input, uploadSizeLimit: big(input.uploadSizeLimit) } }));
  }

  async findLinkById(id: number): Promise<ShareLinkRecord | null> {
    const row = await this.db.shareLink.findUnique({ where: { id } });
    return row ? toShareLink(row) : null;
  }

  async findLinkByToken(token: string): Promise<ShareLinkRecord | null> {
    const row = await this.db.shareLink.findUnique({ where: { token } });
    return row ? toShareLink(row) : null;
  }

  /** Live (not revoked) links created by a user, newest first, optionally on one node. */
  async linksBy(createdById: number, nodeId?: number): Promise<ShareLinkRecord[]> {
    const rows = await this.db.shareLink.findMany({ where: { createdById, revokedAt: null, ...(nodeId !== undefined ? { nodeId } : {}) }, orderBy: { id: "desc" } });
    return rows.map(toShareLink);
  }

  async updateLink(id: number, changes: ShareLinkChanges): Promise<ShareLinkRecord> {
    const { uploadSizeLimit, ...rest } = changes;
    return toShareLink(await this.db.shareLink.update({ where: { id }, data: { ...rest, ...(uploadSizeLimit !== undefined ? { uploadSizeLimit: big(uploadSizeLimit) } : {}) } }));
  }

  /** Counts a page view. */
  async countView(id: number, at: Date): Promise<void> {
    await this.db.shareLink.updateMany({ where: { id }, data: { viewCount: { increment: 1 }, lastAccessAt: at } });
  }

  /**
   * Counts one download if the link is live and under its limit, in one conditional UPDATE, so parallel
   * downloads cannot exceed the limit. False when the limit is reached (or the link was revoked meanwhile).
   */
  async tryCountDownload(link: Pick<ShareLinkRecord, "id" | "downloadLimit">, at: Date): Promise<boolean> {
    const { count } = await this.db.shareLink.updateMany({
      where: { id: link.id, revokedAt: null, ...(link.downloadLimit !== null ? { downloadCount: { lt: link.downloadLimit } } : {}) },
      data: { downloadCount: { increment: 1 }, lastAccessAt: at },
    });
    return count === 1;
  }

  /** Adds bytes streamed under a viewer token (`key`, its hash) and returns its totals. */
  async addViewerBytes(key: string, linkId: number, bytes: number, expiresAt: Date, now: Date): Promise<{ bytes: number; counted: number }> {
    const upsert = () =>
      this.db.viewerStream.upsert({ where: { key }, create: { key, linkId, bytes: BigInt(bytes), expiresAt }, update: { bytes: { increment: BigInt(bytes) } } });
    // Two first requests of one token may race to create its row: the loser adds to the winner's.
    const row = await upsert().catch((e: { code?: string }) => (e?.code === "P2002" ? upsert() : Promise.reject(e)));
    if (Number(row.bytes) === bytes) await this.db.viewerStream.deleteMany({ where: { expiresAt: { lte: now } } });
    return { bytes: Number(row.bytes), counted: row.counted };
  }

  /** Moves a viewer token's counted downloads from `from` to `to`; false when another request already did. */
  async claimViewerDownloads(key: string, from: number, to: number): Promise<boolean> {
    const { count } = await this.db.viewerStream.updateMany({ where: { key, counted: from }, data: { counted: to } });
    return count === 1;
  }

  /** Takes a link's row lock for the rest of the transaction (serialises the visitor reservations of one link). */
  async lockLink(id: number): Promise<void> {
    await this.db.$executeRaw`UPDATE "ShareLink" SET "id" = "id" WHERE "id" = ${id}`;
  }

  async touchLink(id: number, at: Date): Promise<void> {
    await this.db.shareLink.updateMany({ where: { id }, data: { lastAccessAt: at } });
  }

  /** Creates or updates the one grant of a node for a recipient. */
  async upsertGrant(input: Omit<ShareGrantRecord, "id" | "createdAt">): Promise<ShareGrantRecord> {
    const key = { nodeId: input.nodeId, recipientType: input.recipientType, recipientId: input.recipientId };
    const row = await this.db.shareGrant.upsert({
      where: { nodeId_recipientType_recipientId: key },
      create: input,
      update: { permission: input.permission },
    });
    return toShareGrant(row);
  }

  async findGrantById(id: number): Promise<ShareGrantRecord | null> {
    const row = await this.db.shareGrant.findUnique({ where: { id } });
    return row ? toShareGrant(row) : null;
  }

  async updateGrant(id: number, permission: ShareGrantRecord["permission"]): Promise<ShareGrantRecord> {
    return toShareGrant(await this.db.shareGrant.update({ where: { id }, data: { permission } }));
  }

  async deleteGrant(id: number): Promise<void> {
    await this.db.shareGrant.deleteMany({ where: { id } });
  }

  async grantsOnNode(nodeId: number): Promise<ShareGrantRecord[]> {
    return (await this.db.shareGrant.findMany({ where: { nodeId }, orderBy: { id: "asc" } })).map(toShareGrant);
  }

  async grantsBy(createdById: number): Promise<ShareGrantRecord[]> {
    return (await this.db.shareGrant.findMany({ where: { createdById }, orderBy: { id: "desc" } })).map(toShareGrant);
  }

  /** Grants a user receives: to itself, and to the teams it is a member of (partners excepted). */
  async grantsTo(userId: number): Promise<ShareGrantRecord[]> {
    const rows = await this.db.shareGrant.findMany({ where: { OR: await this.recipientsOf(userId) }, orderBy: { id: "desc" } });
    return rows.map(toShareGrant);
  }

  /** Which of `nodeIds` carry an internal share or a live public link (row marks; two queries for a page). */
  async sharedAmong(nodeIds: number[], now: Date): Promise<Set<number>> {
    if (nodeIds.length === 0) return new Set();
    const [grants, links] = await Promise.all([
      this.db.shareGrant.findMany({ where: { nodeId: { in: nodeIds } }, select: { nodeId: true }, distinct: ["nodeId"] }),
      this.db.shareLink.findMany({ where: { nodeId: { in: nodeIds }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, select: { nodeId: true }, distinct: ["nodeId"] }),
    ]);
    return new Set([...grants, ...links].map((r) => r.nodeId));
  }

  /** How each of `nodeIds` is shared: to users, to teams, by a live public link (two queries for a page). */
  async shareKindsAmong(nodeIds: number[], now: Date): Promise<Map<number, Set<"user" | "team" | "link">>> {
    const out = new Map<number, Set<"user" | "team" | "link">>();
    if (nodeIds.length === 0) return out;
    const [grants, links] = await Promise.all([
      this.db.shareGrant.findMany({ where: { nodeId: { in: nodeIds } }, select: { nodeId: true, recipientType: true }, distinct: ["nodeId", "recipientType"] }),
      this.db.shareLink.findMany({ where: { nodeId: { in: nodeIds }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, select: { nodeId: true }, distinct: ["nodeId"] }),
    ]);
    const add = (nodeId: number, kind: "user" | "team" | "link") => out.set(nodeId, (out.get(nodeId) ?? new Set()).add(kind));
    for (const g of grants) add(g.nodeId, g.recipientType === "team" ? "team" : "user");
    for (const l of links) add(l.nodeId, "link");
    return out;
  }

  /** The user's grants on any of the given nodes (a node's ancestor chain). */
  async grantsForUserOn(userId: number, nodeIds: number[]): Promise<ShareGrantRecord[]> {
    const rows = await this.db.shareGrant.findMany({ where: { nodeId: { in: nodeIds }, OR: await this.recipientsOf(userId) } });
    return rows.map(toShareGrant);
  }

  /**
   * Who a user is as a grant recipient: itself, and each live team it belongs to as admin, editor or viewer (a
   * partner gets only what is shared with it by name). Read per call: leaving a team ends its grants at once.
   */
  private async recipientsOf(userId: number): Promise<{ recipientType: string; recipientId: number | { in: number[] } }[]> {
    const teams = await this.db.spaceMember.findMany({
      where: { userId, role: { in: ["admin", "editor", "viewer"] }, space: { kind: "team", deletedAt: null } },
      select: { spaceId: true },
    });
    const user = { recipientType: "user", recipientId: userId };
    return teams.length === 0 ? [user] : [user, { recipientType: "team", recipientId: { in: teams.map((t) => t.spaceId) } }];
  }
}
