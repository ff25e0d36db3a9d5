import path from "node:path";
import { EVENTS, Server, type Locker, type Upload } from "@tus/server";
import { actorFromHeaders, assertPasswordSettled } from "@/lib/auth/session";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { Services } from "@/lib/container";
import { isSameOrigin } from "@/lib/http/origin";
import { parseCookies, visitorOf } from "@/lib/http/visitor";
import { UPLOAD_TTL_MS } from "@/lib/services/upload.service";
import { DurableFileStore } from "./durable-file-store";
import { pgLocker } from "./pg-locker";
import { redisLocker } from "./redis-locker";
import { PolicyDataStore } from "./policy-store";
import { tusError } from "./tus-errors";

export const TUS_PATH = "/api/upload";

/**
 * Upload locks every instance sees, so an upload may continue on any of them: Redis when HAVEN_REDIS_URL is set,
 * else PostgreSQL advisory locks; SQLite is one instance (@tus/server's in-process MemoryLocker).
 */
function sharedLocker(databaseUrl: string): Locker | undefined {
  if (process.env.HAVEN_REDIS_URL) return redisLocker(process.env.HAVEN_REDIS_URL);
  return /^postgres(ql)?:/.test(databaseUrl) ? pgLocker(databaseUrl) : undefined;
}
/** The browser client sends chunks of at most this size (kept under common proxy limits). */
export const TUS_CHUNK_BYTES = 50 * 1024 * 1024;

async function requireActor(headers: Headers): Promise<Actor> {
  const actor = await actorFromHeaders(headers);
  if (!actor) throw new DomainError("UNAUTHENTICATED", "Sign in first.");
  assertPasswordSettled(actor);
  return actor;
}

function metadataNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * tus 1.0 resumable uploads. Creation authenticates and calls the upload service (name, rights, policy,
 * quota reservation); bytes land where the upload's policy keeps blobs, hashed while they arrive (PolicyDataStore:
 * the staging folder next to a local blob store, or a multipart upload under the blob's key in an S3 bucket);
 * finishing hands the bytes and their digest to the upload service, which makes them the blob without a copy.
 * Every later request must come from the upload's owner.
 */
export function createTusServer(services: Services): Server {
  // The actor each request authenticated as: the upload commits with the limits of the request that finishes it.
  const actors = new WeakMap<Request, Actor>();
  const local = new DurableFileStore({ directory: services.uploadStaging.dir, expirationPeriodInMilliseconds: UPLOAD_TTL_MS }, UPLOAD_TTL_MS);
  const datastore = new PolicyDataStore(
    local,
    async (id) => {
      const staging = await services.uploads.stagingOf(id);
      return staging && { driver: staging.driver, storageKey: staging.upload.storageKey, size: staging.upload.size };
    },
    UPLOAD_TTL_MS,
    // Five parts per browser PATCH: no tail is left over between PATCHes (s3-store would park it as a side object).
    TUS_CHUNK_BYTES / 5,
  );
  const cleanUpFinished = (id: string) => datastore.cleanUpFinished(id).catch((e: unknown) => console.error("tus: removing an S3 upload's side objects failed", e));
  const server = new Server({
    path: TUS_PATH,
    datastore,
    locker: sharedLocker(services.config.databaseUrl),
    respectForwardedHeaders: process.env.HAVEN_TRUST_PROXY === "1",
    // Uploads run on cookies (sessions, share passwords): only Haven's own pages may drive them, so no CORS at all.
    allowedOrigins: () => false,
    relativeLocation: true,
    async onUploadCreate(req, upload: Upload) {
      try {
        if (upload.size === undefined) throw new DomainError("INVALID_INPUT", "Upload-Length is required (deferred lengths are not supported).");
        const meta = upload.metadata ?? {};
        if (meta.shareToken) {
          // A public-link visitor: the visitor-upload service checks the link, its mode, its size limit and the owner's quota.
          const mtime = metadataNumber(meta.mtime);
          await services.visitorUploads.begin(visitorOf(meta.shareToken, req.headers), upload.id, {
            parentId: metadataNumber(meta.parentId),
            name: meta.relativePath || meta.filename || "",
            size: upload.size,
            mtime: mtime !== undefined ? new Date(mtime) : undefined,
          });
          return {};
        }
        const actor = await requireActor(req.headers);
        actors.set(req, actor);
        const parentId = metadataNumber(meta.parentId);
        if (parentId === undefined) throw new DomainError("INVALID_INPUT", "Upload metadata needs parentId.");
        const onConflict = meta.onConflict === "replace" ? "replace" : "rename";
        const mtime = metadataNumber(meta.mtime);
        await services.uploads.begin(actor, upload.id, {
          parentId,
          name: meta.relativePath || meta.filename || "",
          size: upload.size,
          onConflict,
          mtime: mtime !== undefined ? new Date(mtime) : undefined,
        });
        return {};
      } catch (e) {
        throw tusError(e);
      }
    },
    async onIncomingRequest(req, uploadId) {
      try {
        if (!isSameOrigin(req.headers)) throw new DomainError("FORBIDDEN", "Cross-site requests are not allowed.");
        // Creation (POST) is checked in onUploadCreate: its upload row does not exist yet.
        if (req.method === "POST") return;
        const upload = await services.uploads.find(uploadId);
        if (upload?.shareLinkId != null) {
          // A visitor's upload continues only while its link is live (and unlocked, for password links). Only bytes
          // received extend it (POST_RECEIVE below), never a PATCH as such.
          await services.visitorUploads.assertContinuing(upload, parseCookies(req.headers.get("cookie")));
        } else {
          const actor = await requireActor(req.headers);
          if (!upload || upload.userId !== actor.userId) throw new DomainError("NOT_FOUND", "No such upload; it may have expired or been cancelled.");
          actors.set(req, actor);
          if (req.method === "PATCH") await services.uploads.touch(uploadId);
        }
        if (req.method === "GET") throw new DomainError("FORBIDDEN", "Uploads in progress cannot be downloaded.");
      } catch (e) {
        throw tusError(e);
      }
    },
    async onUploadFinish(req, upload: Upload) {
      // S3 policies: the completed multipart upload is the blob; local ones: a file in the staging folder.
      const inStore = PolicyDataStore.isStagedInStore(upload);
      try {
        const digests = await datastore.takeDigest(upload.id, upload.size ?? -1);
        const filePath = path.join(services.uploadStaging.dir, upload.id);
        const status_code = req.method === "POST" ? 201 : 204;
        // A visitor learns nothing of the folder: not the node id, nor the name a conflict gave the file.
        if (upload.metadata?.shareToken) {
          if (inStore) await services.visitorUploads.finishInStore(upload.id, digests);
          else await services.visitorUploads.finishFromLocalFile(upload.id, filePath, digests);
          if (inStore) await cleanUpFinished(upload.id);
          return { status_code };
        }
        const finisher = { sha256: digests?.sha256, sha1: digests?.sha1, actor: actors.get(req) };
        const node = inStore ? await services.uploads.finishInStore(upload.id, finisher) : await services.uploads.finishFromLocalFile(upload.id, filePath, finisher);
        if (inStore) await cleanUpFinished(upload.id);
        return { status_code, headers: { "Haven-Node-Id": node.id, "Haven-Node-Name": encodeURIComponent(node.name) } };
      } catch (e) {
        if (inStore) {
          await cleanUpFinished(upload.id);
          datastore.forgetFinished(upload.id);
        } else await services.uploadStaging.remove(upload.id).catch(() => undefined);
        throw tusError(e);
      }
    },
  });
  // tus reads its staging entry once more after the finish hook; remove it when the response is out.
  server.on(EVENTS.POST_FINISH, (_req, _res, upload: Upload) => {
    if (PolicyDataStore.isStagedInStore(upload)) datastore.forgetFinished(upload.id);
    else void services.uploadStaging.remove(upload.id).catch((e: unknown) => console.error("tus staging cleanup failed", e));
  });
  // Emitted about once a second while bytes arrive: a visitor upload with progress lives on.
  server.on(EVENTS.POST_RECEIVE, (_req, upload: Upload) => {
    if (!upload.metadata?.shareToken || !upload.offset) return;
    void services.visitorUploads.progressed(upload.id).catch((e: unknown) => console.error("tus visitor progress failed", e));
  });
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id: string) => {
    void services.uploads.cancel(id).catch((e: unknown) => console.error("tus cancel failed", e));
  });
  return server;
}
