import "server-only";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import type { User } from "@/lib/db/generated/sqlite/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import type { UserRecord } from "@/lib/domain/types";
import type { AppPasswordRecord } from "./app-password.repository";
import { toUser } from "./mappers";
import { PERSONAL_PLACE_COLUMNS, personalPlaceOf, SpaceRepository, type PersonalPlaceColumns, type PersonalPlaceRow } from "./space.repository";

/** Everything that decides whether a verified Basic credential still lets its account in, read together. */
export interface CredentialState {
  user: UserRecord;
  /** two-step verification is on for the account */
  twoFactorOn: boolean;
  /** the site's stored two-step policy (Setting "twoFactorPolicy", parsed), undefined when never set */
  sitePolicy: unknown;
  /** a partner account's first day without access; null for other accounts */
  partnerExpiresAt: Date | null;
  /** the app password asked for, when it exists and belongs to the account */
  appPassword: AppPasswordRecord | null;
}

/** The account's columns a UserRecord carries (not its search keys or update time). */
const USER_COLUMNS = ["id", "username", "displayName", "email", "passwordHash", "role", "disabled", "mustChangePassword", "locale", "createdAt", "lastLoginAt", "twoFactorRequired", "avatarEtag"] as const;

type StateRow = Pick<User, (typeof USER_COLUMNS)[number]> & {
  x_twoFactorEnabledAt: Date | null;
  x_policy: string | null;
  x_partnerExpiresAt: Date | null;
} & { [K in keyof AppPasswordRecord as `a_${K}`]: AppPasswordRecord[K] | null };

/** A credential's state with the account's personal place (space, root folder, the owner's role there). */
export type CredentialStateWithPlace = CredentialState & { personal: PersonalPlaceRow | null };

/** At most one row of each joined table: TwoFactor and Partner are keyed by userId, Setting by key, AppPassword by id. */
const STATE_COLUMNS = `${USER_COLUMNS.map((c) => `u."${c}"`).join(", ")}, t."enabledAt" AS "x_twoFactorEnabledAt", ps."value" AS "x_policy", p."expiresAt" AS "x_partnerExpiresAt",
  a."id" AS "a_id", a."publicId" AS "a_publicId", a."userId" AS "a_userId", a."name" AS "a_name", a."hash" AS "a_hash",
  a."readOnly" AS "a_readOnly", a."scopeNodeId" AS "a_scopeNodeId", a."createdAt" AS "a_createdAt", a."lastUsedAt" AS "a_lastUsedAt",
  a."revokedAt" AS "a_revokedAt"`;
const STATE_JOINS = `FROM "User" u
LEFT JOIN "TwoFactor" t ON t."userId" = u."id"
LEFT JOIN "Setting" ps ON ps."key" = 'twoFactorPolicy'
LEFT JOIN "Partner" p ON p."userId" = u."id"
LEFT JOIN "AppPassword" a ON a."id" = ? AND a."userId" = u."id"`;
const STATE_SQL = `SELECT ${STATE_COLUMNS}
${STATE_JOINS}
WHERE u."id" = ?`;
/**
 * STATE_SQL with the personal place as SpaceRepository.findPersonalWithRoot reads it: the account's first personal
 * space that has a root, its root, the owner's membership. The space is picked by a correlated subquery, an index
 * seek on (ownerId, kind): a LEFT JOIN of the space-and-root join makes SQLite materialise that join for every space.
 */
export const STATE_WITH_PLACE_SQL = `SELECT ${STATE_COLUMNS}, ${PERSONAL_PLACE_COLUMNS}
${STATE_JOINS}
LEFT JOIN "Space" s ON s."id" = (SELECT x."id" FROM "Space" x JOIN "Node" y ON y."id" = x."rootNodeId"
  WHERE x."ownerId" = u."id" AND x."kind" = 'personal' ORDER BY x."id" LIMIT 1)
LEFT JOIN "Node" n ON n."id" = s."rootNodeId"
LEFT JOIN "SpaceMember" m ON m."spaceId" = s."id" AND m."userId" = u."id"
WHERE u."id" = ?`;
const pg = (sql: string) => sql.replace("?", "$1").replace("?", "$2");
const STATE_SQL_PG = pg(STATE_SQL);
const STATE_WITH_PLACE_SQL_PG = pg(STATE_WITH_PLACE_SQL);

/**
 * The per-request re-check of a remembered Basic credential (AppPasswordService) in ONE statement: the account, its
 * two-step state, the site's two-step policy, its partner terms and the app password, instead of one read each.
 * `stateViaPrisma` is the same answer from the ordinary Prisma reads (inside transactions, and the equivalence test).
 */
export class CredentialRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  async state(userId: number, appPasswordId: number | null): Promise<CredentialState | null> {
    const row = await this.row<StateRow>(STATE_SQL, STATE_SQL_PG, userId, appPasswordId);
    return row === undefined ? this.stateViaPrisma(userId, appPasswordId) : row && fromRow(row);
  }

  /**
   * state() with the account's personal place in the same statement (a WebDAV request's first two reads in one):
   * `personal` is what SpaceRepository.findPersonalWithRoot answers.
   */
  async stateWithPlace(userId: number, appPasswordId: number | null): Promise<CredentialStateWithPlace | null> {
    const now = this.stateWithPlaceNow(userId, appPasswordId);
    if (now !== undefined) return now;
    const row = await this.row<StateRow & PersonalPlaceColumns>(STATE_WITH_PLACE_SQL, STATE_WITH_PLACE_SQL_PG, userId, appPasswordId);
    if (row === undefined) return this.stateWithPlaceViaPrisma(userId, appPasswordId);
    return row && { ...fromRow(row), personal: personalPlaceOf(row) };
  }

  /** stateWithPlace answered at once where the SQLite reader serves it; undefined elsewhere (ask stateWithPlace). */
  stateWithPlaceNow(userId: number, appPasswordId: number | null): CredentialStateWithPlace | null | undefined {
    if (!this.reader) return undefined;
    const row = this.reader.getRemembered<StateRow & PersonalPlaceColumns>(STATE_WITH_PLACE_SQL, [appPasswordId ?? -1, userId]);
    return row && { ...fromRow(row), personal: personalPlaceOf(row) };
  }

  async stateWithPlaceViaPrisma(userId: number, appPasswordId: number | null): Promise<CredentialStateWithPlace | null> {
    const state = await this.stateViaPrisma(userId, appPasswordId);
    return state && { ...state, personal: await new SpaceRepository(this.db).findPersonalWithRootViaPrisma(userId) };
  }

  /** The raw statement's row (null: no such account); undefined where only Prisma's reads serve (SQLite transactions). */
  private async row<T>(sql: string, sqlPg: string, userId: number, appPasswordId: number | null): Promise<T | null | undefined> {
    const params = [appPasswordId ?? -1, userId];
    if (this.reader) return this.reader.getRemembered<T>(sql, params);
    if (providerOfDb(this.db) === "postgresql") return (await this.db.$queryRawUnsafe<T[]>(sqlPg, ...params))[0] ?? null;
    return undefined;
  }

  async stateViaPrisma(userId: number, appPasswordId: number | null): Promise<CredentialState | null> {
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) return null;
    const [twoFactor, policy, partner, appPassword] = await Promise.all([
      this.db.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true } }),
      this.db.setting.findUnique({ where: { key: "twoFactorPolicy" } }),
      this.db.partner.findUnique({ where: { userId }, select: { expiresAt: true } }),
      appPasswordId === null ? null : this.db.appPassword.findUnique({ where: { id: appPasswordId } }),
    ]);
    return {
      user: toUser(user),
      twoFactorOn: !!twoFactor?.enabledAt,
      sitePolicy: policy ? JSON.parse(policy.value) : undefined,
      partnerExpiresAt: partner?.expiresAt ?? null,
      appPassword: appPassword && appPassword.userId === userId ? appPassword : null,
    };
  }
}

function fromRow(row: StateRow): CredentialState {
  const appPassword: AppPasswordRecord | null =
    row.a_id === null
      ? null
      : {
          id: row.a_id,
          publicId: row.a_publicId!,
          userId: row.a_userId!,
          name: row.a_name!,
          hash: row.a_hash!,
          readOnly: !!row.a_readOnly,
          scopeNodeId: row.a_scopeNodeId,
          createdAt: row.a_createdAt!,
          lastUsedAt: row.a_lastUsedAt,
          revokedAt: row.a_revokedAt,
        };
  return {
    user: toUser(row),
    twoFactorOn: row.x_twoFactorEnabledAt !== null,
    sitePolicy: row.x_policy === null ? undefined : JSON.parse(row.x_policy),
    partnerExpiresAt: row.x_partnerExpiresAt,
    appPassword,
  };
}
