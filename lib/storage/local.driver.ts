import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { DurableFileWriter } from "./durable-file-writer";
import {
  BlobNotFoundError,
  UnsupportedOperationError,
  type ByteRange,
  type DriverCapabilities,
  type PutResult,
  type StorageDriver,
} from "./driver";

const KEY_PATTERN = /^[0-9a-f]{32}$/;

/** Blobs as files under `root`, sharded two levels deep by key; written to a temp file, fsynced, then renamed. */
export class LocalDriver implements StorageDriver {
  readonly kind = "local" as const;
  readonly capabilities: DriverCapabilities = {
    rangeRead: true,
    presignedGet: false,
    presignedPut: false,
    serverSideCopy: true,
    localPath: true,
  };

  constructor(private readonly root: string) {}

  newKey(): string {
    return randomUUID().replaceAll("-", "");
  }

  localPath(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid blob key: ${key}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, body: Readable): Promise<PutResult> {
    const target = this.localPath(key);
    const temp = await this.tempPath();
    const writer = new DurableFileWriter(temp);
    try {
      await pipeline(body, writer);
      await this.moveIntoPlace(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { size: writer.size, sha256: writer.digest() };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.localPath(key);
    const handle = await open(file, "r").catch((e: NodeJS.ErrnoException) => {
      throw e.code === "ENOENT" ? new BlobNotFoundError(key) : e;
    });
    return createReadStream("", {
      fd: handle,
      start: range?.start,
      end: range?.end,
      highWaterMark: 1024 * 1024,
    });
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.localPath(key));
      return { size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const source = this.localPath(fromKey);
    if (!(await this.stat(fromKey))) throw new BlobNotFoundError(fromKey);
    const temp = await this.tempPath();
    await copyFile(source, temp);
    const handle = await open(temp, "r+");
    await handle.datasync();
    await handle.close();
    await this.moveIntoPlace(temp, this.localPath(toKey));
  }

  async adoptLocalFile(filePath: string, key: string): Promise<void> {
    const target = this.localPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(filePath, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      const temp = await this.tempPath();
      await copyFile(filePath, temp);
      await this.moveIntoPlace(temp, target);
    }
  }

  presignGet(): Promise<string> {
    throw new UnsupportedOperationError(this.kind, "presign URLs");
  }

  async healthCheck(): Promise<void> {
    await mkdir(path.join(this.root, ".tmp"), { recursive: true });
    const probe = path.join(this.root, ".tmp", `health-${randomUUID()}`);
    const handle = await open(probe, "w");
    await handle.close();
    await rm(probe);
  }

  private async tempPath(): Promise<string> {
    const dir = path.join(this.root, ".tmp");
    await mkdir(dir, { recursive: true });
    return path.join(dir, randomUUID());
  }

  private async moveIntoPlace(from: string, to: string): Promise<void> {
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  }
}
