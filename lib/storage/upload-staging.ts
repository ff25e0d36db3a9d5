import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";

/** tus ids as @tus/server makes them; anything else never names a staging file. */
const UPLOAD_ID = /^[A-Za-z0-9_-]+$/;

/** One upload's staging files: its partial bytes and its `.json` state, as the tus file store keeps them. */
export interface StagedUpload {
  uploadId: string;
  bytes: number;
  /** the newest change to either file */
  modifiedAt: Date;
}

/** The folder where tus keeps uploads in progress to local policies (next to the blobs, so finishing is a rename). */
export class UploadStaging {
  constructor(readonly dir: string) {}

  /** Every upload with files in the folder. */
  async list(): Promise<StagedUpload[]> {
    const byId = new Map<string, StagedUpload>();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const uploadId = name.endsWith(".json") ? name.slice(0, -5) : name;
      if (!UPLOAD_ID.test(uploadId)) continue;
      const s = await stat(path.join(this.dir, name)).catch(() => null);
      if (!s?.isFile()) continue;
      const entry = byId.get(uploadId) ?? { uploadId, bytes: 0, modifiedAt: new Date(0) };
      entry.bytes += s.size;
      if (s.mtime > entry.modifiedAt) entry.modifiedAt = s.mtime;
      byId.set(uploadId, entry);
    }
    return [...byId.values()];
  }

  /** Deletes an upload's staging files; absent ones are not an error. */
  async remove(uploadId: string): Promise<void> {
    if (!UPLOAD_ID.test(uploadId)) return;
    await rm(path.join(this.dir, uploadId), { force: true });
    await rm(path.join(this.dir, `${uploadId}.json`), { force: true });
  }
}
