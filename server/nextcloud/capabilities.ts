/**
 * What Haven tells the Nextcloud clients it can do. The clients change their upload strategy on these flags, so only
 * what Haven really implements is advertised (a flag too many makes the desktop client upload nothing, or damage
 * files): see /work/shared/recipes/nextcloud-clients.md.
 *
 * Switched by the environment:
 * - chunked upload v2 (`dav.chunking` "1.0", `files.bigfilechunking`) is on unless HAVEN_NC_CHUNKING=0 (local policies
 *   only: chunks are assembled in the staging folder). Off, bigfilechunking is false, which current clients read as
 *   "one PUT per file"; Debian's desktop client 3.7.3 ignores it and sends legacy v1 chunks
 *   (`…-chunking-<id>-<n>-<i>`) for files over 10 MB, which the WebDAV side refuses.
 * - bulk upload (`POST /remote.php/dav/bulk`, `dav.bulkupload` "1.0") is on unless HAVEN_NC_BULKUPLOAD=0: a request's
 *   new files commit together in a fixed number of statements (UploadService.putMany).
 * - SHA-1 (`checksums` SHA1 preferred, SHA256 too) unless HAVEN_NC_SHA1=0: every new blob has its SHA-1 (computed beside
 *   SHA-256 while receiving, on tus off the main thread), old ones get it from the `blobs.sha1-backfill` job, and
 *   an upload's OC-Checksum SHA1 is verified.
 */

/** The Nextcloud release Haven answers as: the clients refuse servers older than they support. */
export const NEXTCLOUD_VERSION = { major: 28, minor: 0, micro: 4, string: "28.0.4", full: "28.0.4.1" } as const;
export const PRODUCT_NAME = "Haven";

export interface CapabilityFlags {
  chunking: boolean;
  bulkUpload: boolean;
  sha1: boolean;
}

/** The switches above, read from the environment. */
export function capabilityFlags(env: Record<string, string | undefined> = process.env): CapabilityFlags {
  return { chunking: env.HAVEN_NC_CHUNKING !== "0", bulkUpload: env.HAVEN_NC_BULKUPLOAD !== "0", sha1: env.HAVEN_NC_SHA1 !== "0" };
}

/** The share settings the sharing capabilities mirror (Admin → Settings → Sharing). */
export interface SharingPolicy {
  publicLinks: boolean;
  requirePassword: boolean;
  maxExpiryDays: number | null;
  allowUploadLinks: boolean;
}

const OPEN_POLICY: SharingPolicy = { publicLinks: true, requirePassword: false, maxExpiryDays: null, allowUploadLinks: true };

/** The `data` of `cloud/capabilities`. */
export function nextcloudCapabilities(flags: CapabilityFlags = capabilityFlags(), policy: SharingPolicy = OPEN_POLICY) {
  const { major, minor, micro, string } = NEXTCLOUD_VERSION;
  const dav: Record<string, string> = {};
  if (flags.chunking) dav.chunking = "1.0";
  if (flags.bulkUpload) dav.bulkupload = "1.0";
  return {
    version: { major, minor, micro, string, edition: "", extendedSupport: false },
    capabilities: {
      core: { pollinterval: 60, "webdav-root": "remote.php/webdav" },
      files: { bigfilechunking: flags.chunking, blacklisted_files: [".htaccess"], undelete: true, versioning: true, comments: false },
      dav,
      ...(flags.sha1 ? { checksums: { supportedTypes: ["SHA1", "SHA256"], preferredUploadType: "SHA1" } } : {}),
      files_sharing: {
        api_enabled: true,
        public: {
          enabled: policy.publicLinks,
          password: { enforced: policy.requirePassword, askForOptionalPassword: false },
          expire_date: policy.maxExpiryDays === null ? { enabled: false } : { enabled: true, days: policy.maxExpiryDays, enforced: true },
          multiple_links: true,
          send_mail: false,
          upload: policy.allowUploadLinks,
          upload_files_drop: policy.allowUploadLinks,
        },
        resharing: false,
        user: { send_mail: false, expire_date: { enabled: false } },
        group_sharing: true,
        group: { enabled: true, expire_date: { enabled: false } },
        federation: { outgoing: false, incoming: false, expire_date: { enabled: false } },
        sharee: { query_lookup_default: false, always_show_unique: true },
        // new user and team shares start read-only, as in Haven's web UI
        default_permissions: 1,
      },
      user_status: { enabled: false, restore: false, supports_emoji: false },
      notifications: { "ocs-endpoints": ["list"] },
    },
  };
}
