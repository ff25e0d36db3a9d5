import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { config, type HavenConfig } from "./config";
import { createCheckpointer, createDb, createReader } from "./db/client";
import { UnitOfWork } from "./repositories";
import { AccessService } from "./services/access.service";
import { AppPasswordService } from "./services/app-password.service";
import { CacheBus } from "./services/cache-bus";
import { cacheBusTransport } from "./db/cache-bus-transports";
import { LoginFlowService } from "./services/login-flow.service";
import { AuditService } from "./services/audit.service";
import { AuthService } from "./services/auth.service";
import { BlobService } from "./services/blob.service";
import { Sha1BackfillService } from "./services/sha1-backfill.service";
import { systemClock, type Clock } from "./services/clock";
import { DownloadService } from "./services/download.service";
import { FileService } from "./services/file.service";
import { HealthService } from "./services/health.service";
import { JobQueue } from "./services/job.queue";
import { LockService } from "./services/lock.service";
import { PropertyService } from "./services/property.service";
import { SettingsService } from "./services/settings.service";
import { SetupService } from "./services/setup.service";
import { ShareGrantService } from "./services/share-grant.service";
import { ShareLinkService } from "./services/share-link.service";
import { ShareSigner } from "./services/share-signer";
import { SpaceService } from "./services/space.service";
import { ThrottleService } from "./services/throttle.service";
import { UploadService } from "./services/upload.service";
import { UserService } from "./services/user.service";
import { VisitorGate } from "./services/visitor-gate";
import { VisitorService } from "./services/visitor.service";
import { VisitorUploadService } from "./services/visitor-upload.service";
import { TrashService } from "./services/trash.service";
import { VersionService } from "./services/version.service";
import { StorageRegistry } from "./storage/registry";
import { UploadStaging } from "./storage/upload-staging";
import { STORAGE_SECRET_PURPOSE } from "./storage/s3-config";
import type { Mailer } from "./mail/mailer";
import { MailService } from "./services/mail.service";
import { PasswordResetService } from "./services/password-reset.service";
import { AccountService } from "./services/account.service";
import { TwoFactorService } from "./services/two-factor.service";
import { PartnerService } from "./services/partner.service";
import { TeamService } from "./services/team.service";
import { SecretBox, secretKeyMaterial } from "./crypto/secret-box";
import { SessionService } from "./services/session.service";
import { AvatarService } from "./services/avatar.service";
import { RegistrationService } from "./services/registration.service";
import { AdminStatsService } from "./services/admin-stats.service";
import { DailyCounters } from "./services/daily-counters";
import { AdminUsersService } from "./services/admin-users.service";
import { AdminJobsService } from "./services/admin-jobs.service";
import { SearchService } from "./services/search.service";
import { EditService } from "./services/edit.service";
import { WopiService } from "./services/wopi.service";
import { WopiTokens } from "./services/wopi-tokens";
import { ThumbnailService } from "./services/thumbnail.service";
import { FavoriteService } from "./services/favorite.service";
import { TagService } from "./services/tag.service";
import { CommentService } from "./services/comment.service";
import { RecentService } from "./services/recent.service";
import { ActivityService } from "./services/activity.service";
import { NodeMarksService } from "./services/node-marks.service";
import { PolicyMigrationService } from "./services/policy-migration.service";
import { ConsistencyService } from "./services/consistency.service";
import { ChunkedUploadService } from "./services/chunked-upload.service";
import { ChunkStaging } from "./storage/chunk-staging";
import packageJson from "../package.json";
import { StoragePolicyService } from "./services/storage-policy.service";

/** Where tus keeps uploads in progress for local policies (same disk as the blobs, so finishing is a rename). */
export function uploadStagingDir(cfg: HavenConfig): string {
  return path.join(cfg.dataDir, "blobs", ".uploads");
}

/** Wires concrete implementations. Tests build their own with another clock, database or data dir. */
export function buildServices(cfg: HavenConfig, overrides: { clock?: Clock; mailer?: Mailer } = {}) {
  const clock = overrides.clock ?? systemClock;
  const cacheBus = new CacheBus(cacheBusTransport(cfg.databaseUrl));
  const db = createDb(cfg.databaseUrl);
  const uow = new UnitOfWork(db, createReader(cfg.databaseUrl, db), createCheckpointer(cfg.databaseUrl));
  // Seals S3 credentials at rest; the same key material as TOTP secrets, another purpose (read lazily, like theirs).
  const storageSecrets = new SecretBox(() => secretKeyMaterial() || fallbackSecret, STORAGE_SECRET_PURPOSE);
  const storage = new StorageRegistry(cfg.dataDir, storageSecrets);
  const jobs = new JobQueue(uow, clock);
  const settings = new SettingsService(uow, { defaultQuota: cfg.defaultQuota });
  const audit = new AuditService(uow, clock, () => settings.auditRetentionDays());
  const spaces = new SpaceService(uow, clock);
  const access = new AccessService(uow, settings);
  const locks = new LockService(uow, access, clock, (): UploadService => uploads);
  const files = new FileService(uow, access, spaces, clock, locks);
  const trash = new TrashService(uow, access, spaces, jobs, clock, locks);
  const dailyCounters = new DailyCounters(uow);
  const uploads = new UploadService(uow, access, files, spaces, storage, clock, locks, dailyCounters);
  const users = new UserService(uow, spaces, settings, audit, clock, cacheBus);
  const throttle = new ThrottleService(uow, clock);
  const uploadStaging = new UploadStaging(uploadStagingDir(cfg));
  // boot() sets AUTH_SECRET before the first request; tests without one sign with a per-process key.
  const fallbackSecret = randomBytes(32).toString("base64url");
  const twoFactor = new TwoFactorService(uow, throttle, audit, clock, settings, new SecretBox(() => secretKeyMaterial() || fallbackSecret, "totp"));
  const auth = new AuthService(uow, throttle, audit, clock, twoFactor);
  const downloads = new DownloadService(uow, access, storage, dailyCounters, clock);
  const signer = new ShareSigner(() => process.env.AUTH_SECRET || fallbackSecret);
  const shareLinks = new ShareLinkService(uow, access, settings, audit, clock);
  const visitorGate = new VisitorGate(uow, access, settings, audit, clock, signer);
  const mail = new MailService(uow, cfg.smtp, audit, overrides.mailer);
  const publicUrl = () => process.env.AUTH_URL || `http://localhost:${cfg.port}`;
  const passwordResets = new PasswordResetService(uow, mail.mailer, settings, throttle, audit, clock, publicUrl, cacheBus);
  const favorites = new FavoriteService(uow, access, files, clock);
  const tags = new TagService(uow, access, files);
  const accounts = new AccountService(uow, auth, twoFactor, settings, audit, clock, cacheBus);
  const search = new SearchService(uow, access, storage, jobs);
  const versions = new VersionService(uow, access, clock, locks, settings, jobs);
  uploads.versionCommitted.push((nodes) => search.enqueueIndex(nodes));
  versions.versionCommitted.push((nodes) => search.enqueueIndex(nodes));
  files.versionCommitted.push((nodes) => search.enqueueIndex(nodes));
  const edits = new EditService(uow, access, files, uploads, clock);
  const thumbnails = new ThumbnailService(uow, access, storage, jobs, audit, clock);
  const appPasswords = new AppPasswordService(uow, auth, throttle, audit, access, spaces, clock, cacheBus);
  return {
    config: cfg,
    clock,
    /** invalidates in-process caches on every instance (PostgreSQL NOTIFY or Redis pub/sub); lib/services/cache-bus.ts */
    cacheBus,
    uow,
    storage,
    /** seals and opens storage policy secrets (S3 secret keys; lib/storage/s3-config.ts) */
    storageSecrets,
    audit,
    /** the admin charts' per-day counters, buffered in memory: stop() them before disconnecting (graceful stop) */
    dailyCounters,
    jobs,
    settings,
    spaces,
    access,
    files,
    uploads,
    users,
    throttle,
    auth,
    appPasswords,
    properties: new PropertyService(uow, access),
    locks,
    setup: new SetupService(uow, users),
    downloads,
    /** public links as their owners manage them */
    shareLinks,
    /** internal shares, Shared with me / by me, the recipient picker */
    shareGrants: new ShareGrantService(uow, access, files, shareLinks, audit, cacheBus),
    /** public-link visitors: open, unlock, browse, download, zip, previews, viewer streams */
    visitors: new VisitorService(uow, visitorGate, access, files, downloads, throttle, clock, thumbnails),
    /** public-link visitors' writes: drop and read-write uploads, folders, renames, deletes */
    visitorUploads: new VisitorUploadService(uow, visitorGate, files, uploads, clock, throttle, trash),
    blobs: new BlobService(uow, storage, clock),
    /** SHA-1 for blobs stored before it was kept (files:sha1-backfill, the blobs.sha1-backfill job) */
    sha1Backfill: new Sha1BackfillService(uow, storage, cacheBus),
    health: new HealthService(uow, spaces, storage),
    trash,
    versions,
    /** quick access (issue 12): stars, tags, comments, recent files, activity streams, row marks */
    favorites,
    tags,
    comments: new CommentService(uow, access, clock),
    recent: new RecentService(uow, files, clock),
    activity: new ActivityService(uow, access),
    marks: new NodeMarksService(uow, access, favorites, tags, clock),
    /** partial tus uploads on local disk */
    uploadStaging,
    mail,
    /** the site's mailer (SMTP per Admin → Settings or HAVEN_SMTP_*; tests pass their own) */
    mailer: mail.mailer,
    passwordResets,
    accounts,
    twoFactor,
    /** partner accounts: requests, approval, invitation mail, expiry, the sponsor's audit view */
    partners: new PartnerService(uow, access, users, mail.mailer, audit, clock, publicUrl),
    /** team spaces: settings, members and roles, deletion */
    teams: new TeamService(uow, access, spaces, settings, jobs, audit, clock, cacheBus),
    /** the signed-in user's browser sessions (list, revoke, sign out everywhere) and the site-wide active count */
    sessions: new SessionService(uow, audit, clock),
    /** account pictures (256 px WebP in DATA_DIR/avatars) */
    avatars: new AvatarService(uow, () => storage.avatars(), audit),
    /** self-service sign-up with email verification, when the site allows it */
    registration: new RegistrationService(uow, users, settings, throttle, mail.mailer, audit, clock, publicUrl),
    /** Admin → Overview and Storage figures */
    adminStats: new AdminStatsService(uow, new HealthService(uow, spaces, storage), dailyCounters, clock, packageJson.version),
    /** Admin → Users: paged search, delete with transfer or purge */
    adminUsers: new AdminUsersService(uow, jobs, audit, clock, cacheBus),
    /** Admin → Jobs */
    adminJobs: new AdminJobsService(uow, audit, clock),
    /** name and full-text search over what the user may read; the text index (search.index job) */
    search,
    /** Nextcloud Login Flow v1/v2: the desktop and mobile apps get an app password named after them */
    loginFlows: new LoginFlowService(uow, appPasswords, clock),
    /** editors' writes: new text files, saves as new versions with an ETag check */
    edits,
    /** the WOPI host for Collabora / OnlyOffice: discovery setting, "Open in office", the protocol's file calls */
    wopi: new WopiService(uow, access, auth, downloads, edits, new WopiTokens(() => process.env.AUTH_SECRET || fallbackSecret), clock, publicUrl),
    /** thumbnails of images, videos and PDFs: rendered per blob by a job, served like the file (thumbnailFor) */
    thumbnails,
    /** Admin → Storage policies: local and S3 policies, usage, connection tests, assignment */
    storagePolicies: new StoragePolicyService(uow, spaces, storage, storageSecrets, audit, path.join(cfg.dataDir, "blobs")),
    /** moving a space's blobs to another storage policy (policy:migrate) */
    policyMigrations: new PolicyMigrationService(uow, storage, jobs, audit, clock),
    /** the consistency check (fsck): blobs against rows, reference counts, sizes, reservations, staging files */
    consistency: new ConsistencyService(uow, storage, uploadStaging, jobs, audit, clock),
    /** Nextcloud chunked uploads (/remote.php/dav/uploads/<user>/…), staged beside tus uploads */
    chunkedUploads: new ChunkedUploadService(uploads, spaces, new ChunkStaging(uploadStaging.dir), clock),
  };
}

export type Services = ReturnType<typeof buildServices>;

const globalKey = Symbol.for("haven.services");
type GlobalWithServices = typeof globalThis & { [globalKey]?: Services };

/**
 * The process-wide services. Next's bundles and the custom server load this module separately,
 * so the instance lives on globalThis to be shared by both.
 */
export function services(): Services {
  const g = globalThis as GlobalWithServices;
  return (g[globalKey] ??= buildServices(config()));
}
