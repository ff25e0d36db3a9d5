import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";

export interface DavLockRecord {
  token: string;
  spaceId: number;
  path: string;
  scope: "exclusive" | "shared";
  deep: boolean;
  owner: string | null;
  userId: number;
  timeoutSeconds: number;
  expiresAt: Date;
  createdAt: Date;
}

type Row = Omit<DavLockRecord, "scope"> & { scope: string };
const toLock = (r: Row): DavLockRecord => ({ ...r, scope: r.scope === "shared" ? "shared" : "exclusive" });

/** WebDAV lock rows. Paths are "/" or "/a/b"; callers compute ancestor paths. */
export class DavLockRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  async create(input: Omit<DavLockRecord, "createdAt">): Promise<DavLockRecord> {
    return toLock(await this.db.davLock.create({ data: input }));
  }

  async findByToken(token: string): Promise<DavLockRecord | null> {
    const row = await this.db.davLock.findUnique({ where: { token } });
    return row ? toLock(row) : null;
  }

  /** Unexpired locks at any of `paths`, and (when `below` is given) anywhere under that path. */
  async active(spaceId: number, paths: string[], now: Date, below?: string): Promise<DavLockRecord[]> {
    const rows = await this.db.davLock.findMany({
      where: {
        spaceId,
        expiresAt: { gt: now },
        OR: [{ path: { in: paths } }, ...(below !== undefined ? [{ path: { startsWith: below } }] : [])],
      },
      orderBy: { createdAt: "asc" },
    });
    // startsWith becomes LIKE without escaping "%" and "_", which names may contain: the query finds a superset.
    return rows.filter((r) => paths.includes(r.path) || (below !== undefined && r.path.startsWith(below))).map(toLock);
  }

  /** Whether the space has any unexpired lock (the cheap first check before every write). */
  async anyActive(spaceId: number, now: Date): Promise<boolean> {
    if (this.reader) return this.reader.get(`SELECT 1 FROM "DavLock" WHERE "spaceId" = ? AND "expiresAt" > ? LIMIT 1`, [spaceId, now]) !== null;
    // In a transaction (the commit's lock re-check) raw SQL: Prisma's client would compile the query on every PUT.
    return (await this.db.$queryRaw<unknown[]>`SELECT 1 AS "one" FROM "DavLock" WHERE "spaceId" = ${spaceId} AND "expiresAt" > ${now} LIMIT 1`).length > 0;
  }

  async refresh(token: string, timeoutSeconds: number, expiresAt: Date): Promise<DavLockRecord> {
    return toLock(await this.db.davLock.update({ where: { token }, data: { timeoutSeconds, expiresAt } }));
  }

  async remove(token: string): Promise<boolean> {
    const { count } = await this.db.davLock.deleteMany({ where: { token } });
    return count === 1;
  }

  /** Drops locks on a path and everything below it (after DELETE or MOVE of the resource). */
  async removeAt(spaceId: number, path: string, below: string): Promise<void> {
    const rows = await this.db.davLock.findMany({ where: { spaceId, OR: [{ path }, { path: { startsWith: below } }] }, select: { token: true, path: true } });
    const tokens = rows.filter((r) => r.path === path || r.path.startsWith(below)).map((r) => r.token);
    if (tokens.length > 0) await this.db.davLock.deleteMany({ where: { token: { in: tokens } } });
  }

  async removeExpired(now: Date): Promise<number> {
    const { count } = await this.db.davLock.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
