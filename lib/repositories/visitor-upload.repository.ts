import "server-only";
import type { DbTx } from "@/lib/db/client";

/** Visitor uploads (upload rows of share links) as the visitor rules see them. */
export class VisitorUploadRepository {
  constructor(private readonly db: DbTx) {}

  /** Declared bytes of unexpired visitor uploads in a space, and of those on one link. */
  async pending(spaceId: number, linkId: number, now: Date): Promise<{ space: number; link: number }> {
    const live = { spaceId, expiresAt: { gt: now } };
    const [space, link] = await Promise.all([
      this.db.upload.aggregate({ _sum: { size: true }, where: { ...live, shareLinkId: { not: null } } }),
      this.db.upload.aggregate({ _sum: { size: true }, where: { ...live, shareLinkId: linkId } }),
    ]);
    return { space: Number(space._sum.size ?? 0), link: Number(link._sum.size ?? 0) };
  }

  /** Moves a visitor upload's expiry to `expiresAt` unless it is already within `slackMs` of it (one write a minute). */
  async extend(id: string, expiresAt: Date, slackMs: number): Promise<void> {
    await this.db.upload.updateMany({ where: { id, shareLinkId: { not: null }, expiresAt: { lt: new Date(expiresAt.getTime() - slackMs) } }, data: { expiresAt } });
  }
}
