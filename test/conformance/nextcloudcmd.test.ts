import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { makeRandomFile } from "../helpers/files";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { requireTool } from "../helpers/tools";
import { DavClient } from "../webdav/dav-client";

const exec = promisify(execFile);
const hasClient = requireTool("nextcloudcmd");

const SMALL_FILES = 200;
const BIG_BYTES = 60 * 1024 * 1024;
const USER = "admin";
const PASSWORD = "admin-password-1";

/** The client's own files in the sync folder: its journal and logs, never synced. */
const isClientFile = (name: string) => name.startsWith(".sync_") || name.startsWith("._sync_") || name === ".nextcloudsync.log" || name.startsWith(".owncloudsync");
const isConflict = (name: string) => name.includes("(conflicted copy");

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every file under `dir` (relative path → SHA-256), without the client's own files and conflicted copies. */
async function localTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || isClientFile(entry.name) || isConflict(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full).split(path.sep).join("/"), await sha256File(full));
  }
  return out;
}

/**
 * The Nextcloud desktop client (Debian's nextcloudcmd 3.7) syncing both ways against the built server: 200 small
 * files in nested folders and a 60 MB file (chunked upload v2), edits, deletes and renames on both sides, a
 * server-side rename that must reach the client as a rename (same inode, no download), and a conflict. After every
 * sync both sides hold the same files by SHA-256.
 */
describe.skipIf(!hasClient).each([
  { bulk: false, label: "PUT for small files" },
  { bulk: true, label: "bulk upload advertised" },
])("nextcloudcmd against the built server ($label)", ({ bulk }) => {
  let haven: HavenProcess;
  let dav: DavClient;
  let appPassword: string;
  let local: string;
  const files = `/remote.php/dav/files/${USER}`;

  /** One sync run; its --logdebug output is returned so a step can check what the client did. */
  const sync = async (): Promise<string> => {
    const { stdout, stderr } = await exec("nextcloudcmd", ["--non-interactive", "--logdebug", "--max-sync-retries", "2", "-u", USER, "-p", appPassword, local, haven.url], {
      maxBuffer: 512 * 1024 * 1024,
      timeout: 300_000,
    }).catch((e: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`nextcloudcmd failed (exit ${e.code}): ${(e.stderr ?? "").split("\n").filter((l) => /warn|error|critical/i.test(l)).slice(-30).join("\n")}`);
    });
    return `${stdout}\n${stderr}`;
  };

  /** Every file on the server (relative path → SHA-256 from oc:checksums), walking folders with Depth 1. */
  const serverTree = async (): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    const walk = async (rel: string) => {
      const body = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><d:resourcetype/><oc:checksums/></d:prop></d:propfind>';
      const res = await dav.propfind(`${files}/${rel}`, "1", body);
      expect(res.status).toBe(207);
      const responses = res.text.split("<d:response>").slice(2);
      for (const r of responses) {
        const href = decodeURIComponent(/<d:href>([^<]+)<\/d:href>/.exec(r)![1]!);
        const relPath = href.slice(files.length + 1).replace(/\/$/, "");
        if (r.includes("<d:collection/>")) await walk(`${relPath.split("/").map(encodeURIComponent).join("/")}/`);
        else if (!isConflict(relPath)) out.set(relPath, /SHA256:([0-9a-f]{64})/.exec(r)?.[1] ?? "none");
      }
    };
    await walk("");
    return out;
  };

  const expectInSync = async () => {
    const [mine, theirs] = await Promise.all([localTree(local), serverTree()]);
    expect([...theirs.entries()].sort()).toEqual([...mine.entries()].sort());
    return mine;
  };

  beforeAll(async () => {
    haven = await HavenProcess.create({ HAVEN_NC_CHUNKING: "1", HAVEN_NC_BULKUPLOAD: bulk ? "1" : "0" });
    await haven.start();
    const api = new ApiClient(haven.url, await setupAdmin(haven.url, USER, PASSWORD));
    appPassword = (await api.ok<{ password: string }>("POST", "/api/me/app-passwords", { name: "nextcloudcmd test" })).password;
    dav = new DavClient(haven.url, { username: USER, password: appPassword });
    local = await mkdtemp(path.join(os.tmpdir(), "haven-ncc-"));
    for (let i = 0; i < SMALL_FILES; i++) {
      const dir = path.join(local, `folder ${i % 8}`, i % 2 ? "nested 深" : "");
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `file ${i}.txt`), `small ${i} ${randomBytes(16 + (i % 40) * 30).toString("hex")}`);
    }
    await makeRandomFile(path.join(local, "big.bin"), BIG_BYTES);
  });
  afterAll(async () => {
    await haven?.destroy();
    if (local) await rm(local, { recursive: true, force: true });
  });

  it("uploads 200 small files and a 60 MB file (through chunked upload v2) on the first sync", async () => {
    const log = await sync();
    expect(log).toMatch(/remote\.php\/dav\/uploads\/admin\/\d+/);
    if (bulk) expect(log).toMatch(/remote\.php\/dav\/bulk/);
    else expect(log).not.toMatch(/remote\.php\/dav\/bulk/);
    const tree = await expectInSync();
    expect(tree.size).toBe(SMALL_FILES + 1);
  });

  it("carries edits, deletes and renames made on both sides", async () => {
    await writeFile(path.join(local, "folder 0", "file 0.txt"), "edited locally");
    await rm(path.join(local, "folder 1", "nested 深", "file 1.txt"));
    await rm(path.join(local, "folder 2", "file 2.txt"));
    await rename(path.join(local, "folder 3", "nested 深", "file 3.txt"), path.join(local, "folder 3", "renamed locally.txt"));
    expect((await dav.put(`${files}/folder%204/file%204.txt`, "edited on the server")).status).toBe(204);
    expect((await dav.req("DELETE", `${files}/folder%206/file%206.txt`)).status).toBe(204);
    expect((await dav.req("MOVE", `${files}/folder%200/file%208.txt`, { headers: { destination: `${haven.url}${files}/folder%200/renamed%20on%20server.txt` } })).status).toBe(201);
    await dav.put(`${files}/folder%205/new%20on%20server.txt`, "new");
    await sync();
    const tree = await expectInSync();
    expect(tree.get("folder 0/file 0.txt")).toBe(createHash("sha256").update("edited locally").digest("hex"));
    expect(tree.get("folder 4/file 4.txt")).toBe(createHash("sha256").update("edited on the server").digest("hex"));
    expect(tree.has("folder 0/renamed on server.txt")).toBe(true);
    expect(tree.has("folder 3/renamed locally.txt")).toBe(true);
    expect(tree.has("folder 6/file 6.txt")).toBe(false);
    expect(tree.has("folder 1/nested 深/file 1.txt")).toBe(false);
  });

  it("brings a server-side rename of the big file over as a rename: same local file, no download", async () => {
    const before = await stat(path.join(local, "big.bin"));
    expect((await dav.req("MOVE", `${files}/big.bin`, { headers: { destination: `${haven.url}${files}/folder%207/big%20renamed.bin` } })).status).toBe(201);
    const log = await sync();
    const after = await stat(path.join(local, "folder 7", "big renamed.bin"));
    expect(after.ino).toBe(before.ino);
    expect(log).not.toMatch(/GET[^\n]*big(%20| )renamed\.bin/);
    await expectInSync();
  });

  it("keeps both versions of a file changed on both sides: the client makes a conflicted copy", async () => {
    await writeFile(path.join(local, "folder 5", "nested 深", "file 5.txt"), "local side of the conflict");
    await new Promise((r) => setTimeout(r, 1100));
    expect((await dav.put(`${files}/${encodeURI("folder 5/nested 深/file 5.txt")}`, "server side of the conflict")).status).toBe(204);
    await sync();
    const names = await readdir(path.join(local, "folder 5", "nested 深"));
    expect(names.some((n) => n.startsWith("file 5 (conflicted copy"))).toBe(true);
    const tree = await expectInSync();
    expect(tree.get("folder 5/nested 深/file 5.txt")).toBe(createHash("sha256").update("server side of the conflict").digest("hex"));
  });
});
