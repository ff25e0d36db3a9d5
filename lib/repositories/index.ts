import "server-only";
import { directSqliteOf, type Db, type DbTx } from "@/lib/db/client";
import { NeedsPrismaClient } from "@/lib/db/direct-sqlite";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import { AppPasswordRepository } from "./app-password.repository";
import { AuditRepository } from "./audit.repository";
import { AuthRepository } from "./auth.repository";
import { BlobRepository } from "./blob.repository";
import { DavLockRepository } from "./dav-lock.repository";
import { DeadPropertyRepository } from "./dead-property.repository";
import { JobRepository } from "./job.repository";
import { NodeRepository } from "./node.repository";
import { SettingRepository } from "./setting.repository";
import { ShareRepository } from "./share.repository";
import { SpaceRepository } from "./space.repository";
import { UploadRepository } from "./upload.repository";
import { UserRepository } from "./user.repository";
import { VisitorUploadRepository } from "./visitor-upload.repository";
import { PasswordResetRepository } from "./password-reset.repository";
import { RateCounterRepository } from "./rate-counter.repository";
import { TwoFactorRepository } from "./two-factor.repository";
import { PartnerRepository } from "./partner.repository";
import { EmailVerificationRepository } from "./email-verification.repository";
import { AdminRepository } from "./admin.repository";
import { makeSearchRepository } from "./search.repository";
import { WopiLockRepository } from "./wopi-lock.repository";
import { ThumbnailRepository } from "./thumbnail.repository";
import { CommentRepository, FavoriteRepository, RecentOpenRepository, TagRepository } from "./quick-access.repository";
import { PolicyRepository } from "./policy.repository";
import { PolicyMigrationRepository } from "./policy-migration.repository";
import { ConsistencyRepository } from "./consistency.repository";
import { LoginFlowRepository } from "./login-flow.repository";
import { CredentialRepository } from "./credential.repository";

/**
 * Repositories on a client or a transaction. `reader` (SQLite, outside transactions only) serves the hot point reads
 * with prepared statements; every method answers the same with or without it.
 */
export function makeRepositories(db: DbTx, reader: SqliteReader | null = null) {
  return {
    nodes: new NodeRepository(db, reader),
    spaces: new SpaceRepository(db, reader),
    blobs: new BlobRepository(db, reader),
    users: new UserRepository(db, reader),
    uploads: new UploadRepository(db),
    settings: new SettingRepository(db),
    jobs: new JobRepository(db),
    auth: new AuthRepository(db),
    audit: new AuditRepository(db),
    appPasswords: new AppPasswordRepository(db, reader),
    credentials: new CredentialRepository(db, reader),
    deadProperties: new DeadPropertyRepository(db),
    davLocks: new DavLockRepository(db, reader),
    shares: new ShareRepository(db),
    visitorUploads: new VisitorUploadRepository(db),
    passwordResets: new PasswordResetRepository(db),
    twoFactor: new TwoFactorRepository(db),
    rateCounters: new RateCounterRepository(db),
    partners: new PartnerRepository(db),
    emailVerifications: new EmailVerificationRepository(db),
    admin: new AdminRepository(db),
    search: makeSearchRepository(db),
    wopiLocks: new WopiLockRepository(db),
    thumbnails: new ThumbnailRepository(db),
    favorites: new FavoriteRepository(db),
    tags: new TagRepository(db),
    comments: new CommentRepository(db),
    recentOpens: new RecentOpenRepository(db),
    policies: new PolicyRepository(db),
    policyMigrations: new PolicyMigrationRepository(db),
    consistency: new ConsistencyRepository(db),
    loginFlows: new LoginFlowRepository(db),
  };
}

export type Repositories = ReturnType<typeof makeRepositories>;

/** Runs repository calls either directly or inside one database transaction. */
export class UnitOfWork {
  readonly repos: Repositories;

  constructor(
    private readonly db: Db,
    private readonly reader: SqliteReader | null = null,
    /** SQLite's WAL checkpointer (lib/db/wal-checkpointer.ts), stopped with the connection */
    private readonly checkpointer: { close(): Promise<void> } | null = null,
  ) {
    this.repos = makeRepositories(db, reader);
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.$transaction((tx) => work(makeRepositories(tx)), { maxWait: 30_000, timeout: 60_000 });
  }

  /**
   * transaction() for the hot write paths, whose repository calls are raw SQL: on SQLite it runs on Prisma's
   * connection without Prisma's client (DirectSqlite: a tenth of the CPU per statement). Work that reaches for
   * anything else is rolled back there and run again through transaction(), so it must be safe to run twice (database
   * work only). PostgreSQL always goes through transaction().
   */
  async rawTransaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const direct = directSqliteOf(this.db);
    if (direct) {
      try {
        return await direct.transaction((tx) => work(makeRepositories(tx as DbTx)));
      } catch (e) {
        if (!(e instanceof NeedsPrismaClient)) throw e;
      }
    }
    return this.transaction(work);
  }

  async ping(): Promise<void> {
    await this.db.$queryRaw`SELECT 1`;
  }

  async disconnect(): Promise<void> {
    this.reader?.close();
    await this.checkpointer?.close();
    return this.db.$disconnect();
  }
}
