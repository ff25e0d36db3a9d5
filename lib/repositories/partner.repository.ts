import "server-only";
import type { DbTx } from "@/lib/db/client";

export type PartnerRequestState = "pending" | "approved" | "rejected";

export interface PartnerRequestRow {
  id: number;
  name: string;
  email: string;
  company: string;
  reason: string;
  username: string;
  expiresAt: Date;
  teamSpaceId: number;
  requestedById: number;
  state: PartnerRequestState;
  decidedById: number | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  userId: number | null;
  createdAt: Date;
}

export interface PartnerRow {
  userId: number;
  company: string;
  teamSpaceId: number;
  sponsorId: number | null;
  expiresAt: Date;
  remindedAt: Date | null;
  expiredAt: Date | null;
  folderId: number | null;
  createdAt: Date;
}

const asRequest = (r: Omit<PartnerRequestRow, "state"> & { state: string }): PartnerRequestRow => ({ ...r, state: r.state as PartnerRequestState });

/** Partner requests and partner accounts' terms. Knows nothing of permissions. */
export class PartnerRepository {
  constructor(private readonly db: DbTx) {}

  async createRequest(input: Omit<PartnerRequestRow, "id" | "state" | "decidedById" | "decidedAt" | "decisionReason" | "userId" | "createdAt">): Promise<PartnerRequestRow> {
    return asRequest(await this.db.partnerRequest.create({ data: input }));
  }

  async findRequest(id: number): Promise<PartnerRequestRow | null> {
    const row = await this.db.partnerRequest.findUnique({ where: { id } });
    return row ? asRequest(row) : null;
  }

  async requests(filter: { state?: PartnerRequestState; teamSpaceId?: number }, limit = 200): Promise<PartnerRequestRow[]> {
    return (await this.db.partnerRequest.findMany({ where: filter, orderBy: { id: "desc" }, take: limit })).map(asRequest);
  }

  /** Moves a pending request to its decision; false when it was decided meanwhile (decides once). */
  async decide(id: number, data: { state: "approved" | "rejected"; decidedById: number | null; decidedAt: Date; decisionReason?: string | null; userId?: number | null }): Promise<boolean> {
    const { count } = await this.db.partnerRequest.updateMany({ where: { id, state: "pending" }, data });
    return count === 1;
  }

  async create(input: Omit<PartnerRow, "remindedAt" | "expiredAt" | "createdAt" | "folderId">): Promise<PartnerRow> {
    return this.db.partner.create({ data: input });
  }

  async find(userId: number): Promise<PartnerRow | null> {
    return this.db.partner.findUnique({ where: { userId } });
  }

  async update(userId: number, data: Partial<Pick<PartnerRow, "expiresAt" | "remindedAt" | "expiredAt" | "sponsorId" | "folderId">>): Promise<PartnerRow> {
    return this.db.partner.update({ where: { userId }, data });
  }

  /** Partners (optionally of one team), soonest expiry first. */
  async list(filter: { teamSpaceId?: number } = {}, limit = 500): Promise<PartnerRow[]> {
    return this.db.partner.findMany({ where: filter, orderBy: { expiresAt: "asc" }, take: limit });
  }

  /** Partners whose expiry has come and that the job has not disabled yet. */
  async due(now: Date, limit = 200): Promise<PartnerRow[]> {
    return this.db.partner.findMany({ where: { expiresAt: { lte: now }, expiredAt: null }, orderBy: { expiresAt: "asc" }, take: limit });
  }

  /** Partners expiring before `before`, not reminded and not expired yet. */
  async toRemind(before: Date, limit = 200): Promise<PartnerRow[]> {
    return this.db.partner.findMany({ where: { expiresAt: { lte: before }, remindedAt: null, expiredAt: null }, orderBy: { expiresAt: "asc" }, take: limit });
  }

  /** Marks the reminder sent; false when another run did it first (mailed once). */
  async claimReminder(userId: number, at: Date): Promise<boolean> {
    const { count } = await this.db.partner.updateMany({ where: { userId, remindedAt: null }, data: { remindedAt: at } });
    return count === 1;
  }

  async count(): Promise<number> {
    return this.db.partner.count();
  }


  /** Names of spaces by id (teams in listings). */
  async spaceNames(ids: number[]): Promise<Map<number, string>> {
    const rows = await this.db.space.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
