import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { User } from "@/lib/db/generated/sqlite/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import type { UserRecord } from "@/lib/domain/types";
import { toUser } from "./mappers";

export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  role: UserRecord["role"];
  disabled?: boolean;
}

export class UserRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  async findById(id: number): Promise<UserRecord | null> {
    const row = this.reader ? this.reader.get<User>(`SELECT * FROM "User" WHERE "id" = ?`, [id]) : await this.db.user.findUnique({ where: { id } });
    return row ? toUser(row) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const row = await this.db.user.findUnique({ where: { username } });
    return row ? toUser(row) : null;
  }

  async findByIds(ids: number[]): Promise<UserRecord[]> {
    return (await this.db.user.findMany({ where: { id: { in: ids } } })).map(toUser);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.db.user.findMany({ orderBy: { id: "asc" } })).map(toUser);
  }

  async count(): Promise<number> {
    return this.db.user.count();
  }

  async create(input: NewUser): Promise<UserRecord> {
    return toUser(await this.db.user.create({ data: { ...input, ...searchKeys(input.username, input.displayName, input.email) } }));
  }

  async update(
    id: number,
    data: Partial<Pick<UserRecord, "displayName" | "email" | "passwordHash" | "role" | "disabled" | "locale" | "mustChangePassword" | "lastLoginAt" | "twoFactorRequired" | "avatarEtag">>,
  ): Promise<UserRecord> {
    if (data.displayName === undefined && data.email === undefined) return toUser(await this.db.user.update({ where: { id }, data }));
    const current = await this.db.user.findUniqueOrThrow({ where: { id } });
    const keys = searchKeys(current.username, data.displayName ?? current.displayName, data.email === undefined ? current.email : data.email);
    return toUser(await this.db.user.update({ where: { id }, data: { ...data, ...keys } }));
  }

  /**
   * One page of accounts, newest first, optionally those whose username, display name or email contains `q` (any case: the
   * lower-cased key columns are matched with a lower-cased needle, which works alike on SQLite and PostgreSQL).
   */
  async page(filter: { q?: string; role?: UserRecord["role"] }, offset: number, limit: number): Promise<{ items: UserRecord[]; total: number }> {
    const where = { ...(filter.q ? matching(filter.q.toLowerCase(), "contains") : {}), ...(filter.role ? { role: filter.role } : {}) };
    const [rows, total] = await Promise.all([this.db.user.findMany({ where, orderBy: { id: "desc" }, skip: offset, take: limit }), this.db.user.count({ where })]);
    return { items: rows.map(toUser), total };
  }

  async countByRole(): Promise<Record<string, number>> {
    const rows = await this.db.user.groupBy({ by: ["role"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.role, r._count._all]));
  }

  async delete(id: number): Promise<void> {
    await this.db.user.delete({ where: { id } });
  }

  /**
   * Active users but `excludeId` whose name contains `q`, or whose email contains it (`emails: "contains"`) or equals
   * it (`"exact"`), any case, by username; matched in the database on the lower-cased key columns.
   */
  async search(q: string, excludeId: number, limit: number, emails: "contains" | "exact" = "contains"): Promise<UserRecord[]> {
    const rows = await this.db.user.findMany({
      where: { disabled: false, id: { not: excludeId }, ...matching(q.toLowerCase(), emails) },
      orderBy: { username: "asc" },
      take: limit,
    });
    return rows.map(toUser);
  }

  /** Accounts with this email address, as typed or in lower case (emails are stored as entered). */
  async findByEmail(email: string, limit: number): Promise<UserRecord[]> {
    const variants = [...new Set([email, email.toLowerCase()])];
    return (await this.db.user.findMany({ where: { email: { in: variants } }, orderBy: { id: "asc" }, take: limit })).map(toUser);
  }
}

/** The lower-cased columns searches match on (kept on every write of the fields they derive from). */
function searchKeys(username: string, displayName: string, email: string | null): { searchKey: string; emailKey: string | null } {
  return { searchKey: `${username}\n${displayName}`.toLowerCase(), emailKey: email?.toLowerCase() ?? null };
}

function matching(needle: string, emails: "contains" | "exact") {
  return { OR: [{ searchKey: { contains: needle } }, { emailKey: emails === "exact" ? needle : { contains: needle } }] };
}
