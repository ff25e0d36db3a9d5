import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Actor } from "@/lib/domain/permissions";
import type { PolicyInput } from "@/lib/domain/storage-policy";
import { LocalDriver } from "@/lib/storage/local.driver";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { makeTeam } from "../helpers/teams";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("storage policies on %s", (provider) => {
  let h: TestHarness;
  let admin: Actor;
  const local = (name: string, dir: string, extra: Partial<PolicyInput> = {}) => ({ kind: "local", name, path: path.join(h.dataDir, dir), ...extra }) as PolicyInput;
  const policies = () => h.services.storagePolicies;

  beforeAll(async () => {
    h = await createHarness(provider);
    admin = (await makeUser(h.services, { role: "admin" })).actor;
  });
  afterAll(async () => h?.close());

  it("starts with the built-in policy named local, as the default", async () => {
    const list = await policies().list(admin);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: "local", kind: "local", isDefault: true, local: { path: null }, s3: null });
    expect(list[0]!.usage.spaces).toBe(1);
  });

  it("renames an older install's built-in policy \"Local disk\" to local (migration)", async () => {
    const folder = provider === "sqlite" ? "sqlite" : "postgresql";
    const migration = (await readdir(path.resolve(import.meta.dirname, "../../prisma/migrations", folder))).find((m) => m.endsWith("_policies_builtin_local"))!;
    const db = createDb(h.services.config.databaseUrl);
    try {
      await db.$executeRawUnsafe(`UPDATE "StoragePolicy" SET "name" = 'Local disk' WHERE "name" = 'local'`);
      await db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = '${migration}'`);
    } finally {
      await db.$disconnect();
    }
    expect((await policies().list(admin)).map((p) => p.name)).toEqual(["Local disk"]);
    expect((await migrateDatabase(h.services.config.databaseUrl, { log: () => undefined })).applied).toEqual([migration]);
    expect((await policies().list(admin)).map((p) => [p.name, p.isDefault])).toEqual([["local", true]]);
  });

  it("creates a local policy after a successful probe, lists its usage and refuses duplicates and bad fields", async () => {
    const created = await policies().create(admin, local("Archive", "archive", { maxFileSize: 1000, allowedExtensions: [".PDF", "txt", "pdf"] }));
    expect(created).toMatchObject({ name: "Archive", kind: "local", isDefault: false, maxFileSize: 1000, allowedExtensions: ["pdf", "txt"], usage: { bytes: 0, blobs: 0, spaces: 0 } });
    await expect(policies().create(admin, local("Archive", "other"))).rejects.toMatchObject({ code: "CONFLICT" });
    for (const bad of [
      { kind: "local", name: "rel", path: "relative/dir" },
      { kind: "local", name: "", path: "/tmp/x" },
      { kind: "local", name: "neg", path: "/tmp/x", maxFileSize: -1 },
      { kind: "s3", name: "nob", endpoint: "ftp://x", bucket: "B", accessKeyId: "k", secretAccessKey: "s" },
      { kind: "ftp", name: "x" },
    ]) {
      await expect(policies().create(admin, bad as PolicyInput)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    const { user } = await makeUser(h.services);
    await expect(policies().list({ userId: user.id, role: "user" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await policies().list(admin)).map((p) => p.name)).toEqual(["local", "Archive"]);
  });

  it("saves nothing when the directory cannot be written, and says why", async () => {
    await writeFile(path.join(h.dataDir, "a-file"), "x");
    const err = (await policies().create(admin, local("Broken", "a-file/blobs")).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: "INVALID_INPUT" });
    expect(err.message).toMatch(/Nothing was saved: the connection test failed \(put\)/);
    expect((await policies().list(admin)).map((p) => p.name)).not.toContain("Broken");
  });

  it("tests a connection step by step: saved, unsaved and failing settings", async () => {
    const saved = (await policies().list(admin)).find((p) => p.name === "local")!;
    const ok = await policies().testConnection(admin, { id: saved.id });
    expect(ok.ok).toBe(true);
    expect(ok.steps.map((s) => [s.step, s.ok])).toEqual([["put", true], ["get", true], ["list", true], ["delete", true]]);
    expect((await policies().testConnection(admin, { settings: { kind: "local", path: path.join(h.dataDir, "fresh") } })).ok).toBe(true);
    const failed = await policies().testConnection(admin, { settings: { kind: "local", path: path.join(h.dataDir, "a-file", "x") } });
    expect(failed.ok).toBe(false);
    expect(failed.steps[0]).toMatchObject({ step: "put", ok: false, error: expect.stringMatching(/not a directory|ENOTDIR/) });
    expect(failed.steps.slice(1).every((s) => s.skipped)).toBe(true);
    await expect(policies().testConnection(admin, { settings: { kind: "local", path: "nope" } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("assigns a policy to a user, to a team and as the default for new spaces, with audit events", async () => {
    const archive = await policies().byName(admin, "Archive");
    const builtin = await policies().byName(admin, "local");
    const { user, spaceId } = await makeUser(h.services);
    const team = await makeTeam(h.services, user.id);
    await policies().assign(admin, archive.id, { userId: user.id });
    await policies().assign(admin, archive.id, { teamId: team.spaceId });
    expect(await policies().assignmentOf(admin, { userId: user.id })).toEqual({ policyId: archive.id });
    expect((await h.services.uow.repos.spaces.findById(team.spaceId))!.policyId).toBe(archive.id);
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.policyId).toBe(archive.id);
    await expect(policies().assign(admin, archive.id, { teamId: spaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await policies().assign(admin, archive.id, { default: true });
    const later = await makeUser(h.services);
    expect((await h.services.uow.repos.spaces.findById(later.spaceId))!.policyId).toBe(archive.id);
    const list = await policies().list(admin);
    expect(list.filter((p) => p.isDefault).map((p) => p.name)).toEqual(["Archive"]);
    await policies().assign(admin, builtin.id, { default: true });

    const events = await h.services.audit.search(admin, { action: "storage.policy.assign" }, null);
    expect(events.items.length).toBeGreaterThanOrEqual(4);
  });

  it("applies the policy's size and type limits on every write path of the spaces it is assigned to", async () => {
    const limited = await policies().create(admin, local("Limited", "limited", { maxFileSize: 10, allowedExtensions: ["txt"] }));
    const { user, actor, rootId } = await makeUser(h.services);
    const team = await makeTeam(h.services, user.id);
    await policies().assign(admin, limited.id, { userId: user.id });
    await policies().assign(admin, limited.id, { teamId: team.spaceId });
    for (const folder of [rootId, team.rootId]) {
      // tus (and the visitor uploads, which call the same begin)
      await expect(h.services.uploads.begin(actor, `tus-big-${folder}`, { parentId: folder, name: "a.txt", size: 11 })).rejects.toMatchObject({ code: "TOO_LARGE" });
      await expect(h.services.uploads.begin(actor, `tus-exe-${folder}`, { parentId: folder, name: "a.exe", size: 1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
      // WebDAV PUT with a length, and chunked without one: the body is cut at the policy's maximum
      await expect(putFile(h.services, actor, folder, "b.txt", "x".repeat(11))).rejects.toMatchObject({ code: "TOO_LARGE" });
      await expect(putFile(h.services, actor, folder, "b.exe", "x")).rejects.toMatchObject({ code: "INVALID_INPUT" });
      const unsized = h.services.uploads.putStream(actor, { parentId: folder, name: "c.txt", body: Readable.from([Buffer.alloc(8), Buffer.alloc(8)]) });
      await expect(unsized).rejects.toMatchObject({ code: "TOO_LARGE" });
      await expect(putFile(h.services, actor, folder, "ok.txt", "x".repeat(10))).resolves.toMatchObject({ size: 10 });
    }
    // a visitor's upload into a shared folder of that space
    const drop = await h.services.files.createFolder(actor, rootId, "drop");
    const link = (await h.services.shareLinks.createLink(actor, drop.node.id, { mode: "upload" })).link;
    const visitor = { token: link.token, cookies: {}, ip: "198.51.100.7" };
    await expect(h.services.visitorUploads.begin(visitor, `v-big-${provider}`, { name: "v.txt", size: 11 })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(h.services.visitorUploads.begin(visitor, `v-exe-${provider}`, { name: "v.exe", size: 1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await policies().get(admin, limited.id)).usage).toMatchObject({ bytes: 20, blobs: 2, spaces: 2 });
  });

  it("edits a policy, keeps its location once it holds blobs, and deletes only unused policies", async () => {
    const limited = await policies().byName(admin, "Limited");
    const edited = await policies().update(admin, limited.id, local("Limited2", "limited", { maxFileSize: null, allowedExtensions: [] }));
    expect(edited).toMatchObject({ name: "Limited2", maxFileSize: null, allowedExtensions: null });
    await expect(policies().update(admin, limited.id, local("Limited2", "elsewhere"))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(policies().update(admin, limited.id, { kind: "s3", name: "x", endpoint: "http://h", bucket: "bbb", accessKeyId: "k", secretAccessKey: "s" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(policies().remove(admin, limited.id)).rejects.toMatchObject({ code: "CONFLICT" });
    const builtin = await policies().byName(admin, "local");
    await expect(policies().remove(admin, builtin.id)).rejects.toMatchObject({ code: "CONFLICT" });
    const spare = await policies().create(admin, local("Spare", "spare"));
    await policies().remove(admin, spare.id);
    await expect(policies().get(admin, spare.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("seals S3 secrets, never returns or audits them, and keeps the old secret on an edit without one", async () => {
    // The S3 driver is not needed for what is checked here: a local driver stands in for the bucket.
    const stand = vi.spyOn(h.services.storage, "driverForSettings").mockImplementation(() => new LocalDriver(path.join(h.dataDir, "fake-s3")));
    await mkdir(path.join(h.dataDir, "fake-s3"), { recursive: true });
    try {
      const input = { kind: "s3", name: "Bucket", endpoint: "http://127.0.0.1:9/", bucket: "haven-test", region: "eu-1", prefix: "/a/b", pathStyle: true, accessKeyId: "AKIA1", secretAccessKey: "very-secret-value" } as const;
      const created = await policies().create(admin, input);
      expect(created.s3).toEqual({ endpoint: "http://127.0.0.1:9/", bucket: "haven-test", region: "eu-1", prefix: "a/b/", pathStyle: true, accessKeyId: "AKIA1", secretSet: true, redirectDownloads: false });
      expect(JSON.stringify(await policies().list(admin))).not.toContain("very-secret-value");
      const stored = (await h.services.uow.repos.spaces.policyById(created.id))!.config;
      expect(String(stored.secretAccessKeySealed)).toMatch(/^v1:/);
      expect(JSON.stringify(stored)).not.toContain("very-secret-value");

      const { secretAccessKey: _, ...withoutSecret } = input;
      await policies().update(admin, created.id, { ...withoutSecret, accessKeyId: "AKIA2", redirectDownloads: true });
      const after = (await h.services.uow.repos.spaces.policyById(created.id))!.config;
      expect(after.secretAccessKeySealed).toBe(stored.secretAccessKeySealed);
      expect(after).toMatchObject({ accessKeyId: "AKIA2", redirectDownloads: true });
      await expect(policies().create(admin, { ...withoutSecret, name: "NoSecret" })).rejects.toMatchObject({ code: "INVALID_INPUT" });

      const audit = await h.services.audit.search(admin, { targetType: "storagePolicy" }, null);
      expect(JSON.stringify(audit.items)).not.toMatch(/very-secret-value|v1:/);
    } finally {
      stand.mockRestore();
    }
  });
});
