import { existsSync } from "node:fs";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import type { PutResult, StorageDriver } from "@/lib/storage/driver";
import type { LocalDriver } from "@/lib/storage/local.driver";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser } from "../helpers/factories";

const PROVIDERS = await providers();

/**
 * A small PUT's commit runs its statements while the blob is fsynced (LocalDriver.put with deferDurability) and
 * commits only after: no row names bytes that are not durable, and bytes that cannot be made durable leave nothing.
 */
describe.each(PROVIDERS)("deferred durability of small uploads on %s", (provider) => {
  let h: TestHarness;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let driver: StorageDriver;
  beforeAll(async () => {
    h = await createHarness(provider);
    owner = await makeUser(h.services);
    const space = (await h.services.uow.repos.spaces.findById(owner.spaceId))!;
    driver = h.services.storage.driverFor(await h.services.spaces.policyOf(space));
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => h?.close());

  /** Makes each put durable only when `gate()` (asked once the bytes are really durable) settles; answers the keys put. */
  function holdDurability(gate: () => Promise<void>): string[] {
    const keys: string[] = [];
    const put = driver.put.bind(driver);
    vi.spyOn(driver, "put").mockImplementation(async (key, body, opts) => {
      keys.push(key);
      const stored: PutResult = await put(key, body, opts);
      expect(stored.durable).toBeInstanceOf(Promise);
      const durable = stored.durable!.then(gate);
      durable.catch(() => undefined);
      return { ...stored, durable };
    });
    return keys;
  }

  const upload = (name: string, text: string) =>
    h.services.uploads.putStream(owner.actor, { parentId: owner.rootId, name, body: Readable.from([Buffer.from(text)]), declaredSize: text.length });
  const usedBytes = async () => (await h.services.uow.repos.spaces.findById(owner.spaceId))!.usedBytes;

  it("commits the file only once its bytes are durable", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    holdDurability(() => held);
    const saving = upload("held.txt", "held bytes");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await h.services.uow.repos.nodes.findLiveChild(owner.rootId, "held.txt")).toBeNull();
    release();
    const node = await saving;
    expect((await h.services.uow.repos.nodes.findLiveChild(owner.rootId, "held.txt"))?.id).toBe(node.id);
  });

  it("leaves no row, no bytes and no charge when the bytes cannot be made durable", async () => {
    const before = await usedBytes();
    const keys = holdDurability(() => Promise.reject(new Error("fdatasync failed: EIO")));
    await expect(upload("lost.txt", "never durable")).rejects.toThrow("EIO");
    expect(await h.services.uow.repos.nodes.findLiveChild(owner.rootId, "lost.txt")).toBeNull();
    expect(await usedBytes()).toBe(before);
    expect(keys).toHaveLength(1);
    expect(existsSync((driver as LocalDriver).localPath(keys[0]!))).toBe(false);
    const db = (h.services.uow as unknown as { db: Db }).db;
    expect(await db.blob.count({ where: { key: keys[0]! } })).toBe(0);
  });
});
