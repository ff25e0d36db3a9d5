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
    return toUser(await this.db.user.create({ data: input }));
  }

  async update(
    id: number,
    data: Partial<Pick<UserRecord, "displayName" | "email" | "passwordHash" | "role" | "disabled" | "locale" | "mustChangePassword" | "lastLoginAt" | "twoFactorRequired" | "avatarEtag">>,
  ): Promise<UserRecord> {
    return toUser(await this.db.user.update({ where: { id }, data }));
  }

  /**
   * Active users other than `excludeId` whose username, display name or email contains `q` (case-insensitive on
   * both providers, so matched here rather than with provider-specific SQL), by username.
   */
  /** Active users but `excludeId` whose name contains `q`, or whose email contains it (`emails: "contains"`) or equals it (`"exact"`). */
  async search(q: string, excludeId: number, limit: number, emails: "contains" | "exact" = "contains"): Promise<UserRecord[]> {
    const needle = q.toLowerCase();
    const rows = await this.db.user.findMany({ where: { disabled: false, id: { not: excludeId } }, orderBy: { username: "asc" } });
    const emailMatches = (email: string) => (emails === "exact" ? email === needle : email.includes(needle));
    return rows
      .map(toUser)
      .filter((u) => [u.username, u.displayName].some((f) => f.toLowerCase().includes(needle)) || (u.email !== null && emailMatches(u.email.toLowerCase())))
      .slice(0, limit);
  }

  /** Accounts with this email address, as typed or in lower case (emails are stored as entered). */
  async findByEmail(email: string, limit: number): Promise<UserRecord[]> {
    const variants = [...new Set([email, email.toLowerCase()])];
    return (await this.db.user.findMany({ where: { email: { in: variants } }, orderBy: { id: "asc" }, take: limit })).map(toUser);
  }
}
