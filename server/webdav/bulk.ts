import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import { ocFileId } from "@/lib/domain/file-id";
import type { NativeActor } from "@/lib/services/app-password.service";
import type { BatchFile, BatchResult } from "@/lib/services/upload.service";
import type { Rights } from "@/lib/domain/permissions";
import { resolve } from "./context";
import { DavError } from "./errors";
import { boundaryOf, parseMultipartRelated, type RelatedPart } from "./multipart-related";
import { placeOf, type DavPlace, type MountType } from "./places";
import { ocPermissions } from "./properties";
import { encodeSegment, parseSegments, type DavResource } from "./resource";

/** The bulk endpoint Nextcloud's desktop client posts small files to when `dav.bulkupload` is advertised. */
export const BULK_PATH = "/remote.php/dav/bulk";

/** A request brings a few hundred KiB (the client's batches); this bounds what one request may hold in memory. */
const MAX_BULK_BYTES = 64 * 1024 * 1024;

type FileAnswer = { error: false; etag: string; fileid: string; permissions: string } | { error: true; message: string };

/**
 * POST /remote.php/dav/bulk: a multipart/related body, one part per file with X-File-Path (from the user's files
 * root), X-File-Mtime, X-File-MD5 or OC-Checksum and Content-Length. Answers 200 with JSON keyed by path, as
 * Nextcloud's BulkUploadPlugin does: {error:false, etag, fileid, permissions} or {error:true, message}. Each file is
 * stored whole or not at all (a bad checksum or a missing folder fails only that file); the request's files commit
 * together in one transaction (UploadService.putMany).
 */
export async function serveBulk(req: IncomingMessage, res: ServerResponse, actor: NativeActor, services: Services): Promise<void> {
  if (req.method !== "POST") throw new DavError(405, "Bulk uploads are POSTed.", undefined, { Allow: "POST" });
  const boundary = boundaryOf(req.headers["content-type"]);
  const parts = parseMultipartRelated(await readBody(req), boundary);
  const answers: Record<string, FileAnswer> = {};
  const batch: ({ path: string } & Staged)[] = [];
  const folders = new Map<string, Promise<Folder>>();
  for (const [i, part] of parts.entries()) {
    const path = part.headers["x-file-path"];
    if (!path) {
      answers[`(part ${i + 1})`] = { error: true, message: "This part has no X-File-Path header; it was not stored." };
      continue;
    }
    const staged = await stage(part, path, actor, services, folders).catch((e: unknown) => failure(e));
    if ("error" in staged) answers[path] = staged;
    else batch.push({ path, ...staged });
  }
  const results = await services.uploads.putMany(actor, batch.map((b) => b.file));
  const permissions = await permissionsOf(actor, services, batch, results);
  for (const [i, { path }] of batch.entries()) {
    const result = results[i]!;
    answers[path] = result.ok ? { error: false, etag: `"${result.node.etag}"`, fileid: ocFileId(result.node.id), permissions: permissions[i]! } : failure(result.error);
  }
  const body = JSON.stringify(answers);
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Each stored file's oc:permissions as PROPFIND gives them there (Nextcloud's answer holds DavUtil::getDavPermissions
 * of the node): its own rights, by the listing's rule from its folder's (one lookup per folder), and its mount's S/M.
 */
async function permissionsOf(actor: NativeActor, services: Services, batch: Staged[], results: BatchResult[]): Promise<string[]> {
  const byFolder = new Map<Rights, number[]>();
  for (const [i, result] of results.entries()) {
    if (!result.ok) continue;
    const indices = byFolder.get(batch[i]!.rights);
    if (indices) indices.push(i);
    else byFolder.set(batch[i]!.rights, [i]);
  }
  const permissions: string[] = [];
  for (const [folderRights, indices] of byFolder) {
    const nodes = indices.map((i) => (results[i] as Extract<BatchResult, { ok: true }>).node);
    const rights = await services.files.rightsBelow(actor, folderRights, nodes);
    for (const [k, i] of indices.entries()) permissions[i] = ocPermissions({ node: nodes[k]!, rights: rights[k]!, sha256: null }, batch[i]!.mountType);
  }
  return permissions;
}

const failure = (e: unknown): FileAnswer => ({ error: true, message: isDomainError(e) ? e.message : "The file could not be stored." });

/** A part ready to store: the file, its folder's rights as resolved for the actor, and the mount it is under. */
type Staged = { file: BatchFile; rights: Rights; mountType: MountType };

/** A request's folder as resolved once for all its parts (null: it does not exist). */
type Folder = { place: Extract<DavPlace, { kind: "space" }>; folder: DavResource["parent"] } | { error: FileAnswer };

/**
 * Checks a part's digest and resolves where it goes; the file is stored with the batch. The parts of one folder share
 * one resolution of it (`folders`, keyed by the folder's path); putMany reads the folder's files under the parts' names
 * in one query. A partner's rights may differ file by file: each of its parts is resolved on its own.
 */
async function stage(part: RelatedPart, path: string, actor: NativeActor, services: Services, folders: Map<string, Promise<Folder>>): Promise<Staged | FileAnswer> {
  checkDigest(part);
  const segments = parseSegments(path);
  const name = segments.at(-1);
  if (actor.role === "partner" || name === undefined) return stageAlone(part, segments, actor, services);
  const key = segments.slice(0, -1).join("/");
  let found = folders.get(key);
  if (!found) folders.set(key, (found = folderOf(segments, actor, services)));
  const at = await found;
  if ("error" in at) return at.error;
  if (!at.folder) return { error: true, message: "The file's folder does not exist." };
  const file: BatchFile = { parentId: at.folder.node.id, name, content: part.body, mtime: mtimeOf(part), folder: { parent: at.folder, space: at.place.space } };
  return { file, rights: at.folder.rights, mountType: at.place.mountType };
}

/** The folder of a part's path. */
async function folderOf(segments: string[], actor: NativeActor, services: Services): Promise<Folder> {
  const place = await placeOf(services, actor, mountOf(actor), segments);
  if (place.kind !== "space" || place.segments.length === 0) return { error: { error: true, message: "The path must name a file in a folder you can write to." } };
  const ctx = { services, actor, rootId: place.rootId, rootSegments: place.rootSegments };
  const dest = await resolve(ctx, place.segments.slice(0, -1), { root: place.root });
  const folder = dest.node?.node.isFolder ? dest.node : null;
  return { place, folder };
}

/** stage() for one part on its own: its place, folder and node resolved for it alone. */
async function stageAlone(part: RelatedPart, segments: string[], actor: NativeActor, services: Services): Promise<Staged | FileAnswer> {
  const place = await placeOf(services, actor, mountOf(actor), segments);
  if (place.kind !== "space" || place.segments.length === 0) return { error: true, message: "The path must name a file in a folder you can write to." };
  const dest = await resolve({ services, actor, rootId: place.rootId, rootSegments: place.rootSegments }, place.segments);
  if (!dest.parent) return { error: true, message: "The file's folder does not exist." };
  const file: BatchFile = {
    parentId: dest.parent.node.id,
    name: dest.segments.at(-1)!,
    content: part.body,
    mtime: mtimeOf(part),
    resolved: { parent: dest.parent, existing: dest.node?.node ?? null, space: place.space },
  };
  return { file, rights: dest.parent.rights, mountType: place.mountType };
}

const mountOf = (actor: NativeActor) => ({ base: `/remote.php/dav/files/${encodeSegment(actor.user.username)}`, user: actor.user.username });

/** X-File-MD5, or OC-Checksum's SHA1/MD5/SHA256: a mismatch refuses the file before anything is stored. */
function checkDigest(part: RelatedPart): void {
  const wanted: [string, string][] = [];
  if (part.headers["x-file-md5"]) wanted.push(["md5", part.headers["x-file-md5"]]);
  const oc = /^(SHA1|MD5|SHA256):([0-9a-fA-F]+)$/i.exec(part.headers["oc-checksum"] ?? "");
  if (oc) wanted.push([oc[1]!.toLowerCase(), oc[2]!]);
  for (const [algorithm, hex] of wanted) {
    if (createHash(algorithm).update(part.body).digest("hex") !== hex.toLowerCase()) throw new DomainError("INVALID_INPUT", `The content does not match its ${algorithm.toUpperCase()} checksum; it was not stored.`);
  }
}

function mtimeOf(part: RelatedPart): Date | undefined {
  const value = part.headers["x-file-mtime"];
  if (!value || !/^\d{1,12}(\.\d+)?$/.test(value)) return undefined;
  return new Date(Math.round(Number(value) * 1000));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BULK_BYTES) throw new DavError(413, `A bulk upload may bring at most ${MAX_BULK_BYTES} bytes; send fewer files per request.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
