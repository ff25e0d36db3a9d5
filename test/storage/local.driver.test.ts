import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { LocalDriver } from "@/lib/storage/local.driver";
import { readAll } from "../helpers/factories";
import { driverContract } from "./driver-contract";

async function makeLocal() {
  const root = await mkdtemp(path.join(os.tmpdir(), "haven-blobs-"));
  return { driver: new LocalDriver(root), root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

driverContract("local", makeLocal);

it("local driver adopts a finished file by renaming it, and leaves no temp files", async () => {
  const { driver, root, cleanup } = await makeLocal();
  try {
    const file = path.join(root, "upload.part");
    await writeFile(file, "landed in place");
    const key = driver.newKey();
    await driver.adoptLocalFile(file, key);
    expect((await readAll(await driver.get(key))).toString()).toBe("landed in place");
    expect(driver.localPath(key).startsWith(root)).toBe(true);
    expect(await readdir(path.join(root, ".tmp")).catch(() => [])).toEqual([]);
    expect(() => driver.localPath("../../etc/passwd")).toThrow(/Invalid blob key/);
  } finally {
    await cleanup();
  }
});

it("local putBuffers leaves no temp files, and makes the temp folder again when it was removed", async () => {
  const { driver, root, cleanup } = await makeLocal();
  try {
    const first = driver.newKey();
    expect((await driver.putBuffers([{ key: first, bytes: Buffer.from("one") }]))[0]!.status).toBe("fulfilled");
    await rm(path.join(root, ".tmp"), { recursive: true });
    const second = driver.newKey();
    expect((await driver.putBuffers([{ key: second, bytes: Buffer.from("two") }]))[0]!.status).toBe("fulfilled");
    expect((await readAll(await driver.get(second))).toString()).toBe("two");
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  } finally {
    await cleanup();
  }
});
