import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { idsOfPath } from "@/lib/domain/etag";
import type { NodeRecord } from "@/lib/domain/types";
import { makeRepositories, type Repositories } from "@/lib/repositories";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** Rolls back whatever `work` did, after handing back what it read. */
async function rolledBack<T>(db: Db, work: (repos: Repositories) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .$transaction(async (tx) => {
      out = await work(makeRepositories(tx));
      throw new RollBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RollBack)) throw e;
    });
  return out!;
}
class RollBack extends Error {}

/** A node's columns as a write leaves them, but the write's own clock (updatedAt). */
const columns = ({ updatedAt: _updatedAt, ...rest }: NodeRecord) => rest;

/**
 * NodeRepository.settleFile (one raw UPDATE) against the Prisma path it replaces: nodes.update of the file plus
 * bumpAncestors with the parent's mtime. Both run from the same state (each in a rolled-back transaction) and must
 * leave the same rows; and its guard refuses a sight that went stale, changing nothing.
 */
describe.each(PROVIDERS)("NodeRepository.settleFile on %s", (provider) => {
  let h: TestHarness;
  let db: Db;
  let file: NodeRecord;
  let parent: NodeRecord;
  let blobId: number;
  beforeAll(async () => {
    h = await createHarness(provider);
    db = createDb(h.services.config.databaseUrl);
    const { actor, rootId } = await makeUser(h.services);
    const a = await h.services.files.createFolder(actor, rootId, "a");
    parent = (await h.services.files.createFolder(actor, a.node.id, "b")).node;
    file = await putFile(h.services, actor, parent.id, "f.txt", "first");
    parent = (await h.services.uow.repos.nodes.findById(parent.id))!;
    blobId = (await h.services.uow.repos.blobs.findVersion(file.currentVersionId!))!.blobId;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await h?.close();
  });

  const treeOf = async (repos: Repositories, ids: number[]) => (await repos.nodes.findManyByIds(ids)).sort((x, y) => x.id - y.id);
  const ancestors = () => idsOfPath(parent.path);
  const now = new Date("2026-06-01T10:00:00.000Z");
  const mtime = new Date("2026-05-01T09:00:00.000Z");

  it("a new version of a file: the same rows as update() plus bumpAncestors()", async () => {
    const ids = [...ancestors(), file.id];
    const change = async (repos: Repositories, settle: boolean) => {
      const version = await repos.blobs.createVersion({ nodeId: file.id, blobId, size: 11, sha256: "b".repeat(64), authorId: null, mtime, createdAt: now });
      const content = { currentVersionId: version.id, size: 11, etag: "file-etag-2", mtime, mimeType: "text/markdown" };
      if (settle) {
        const ok = await repos.nodes.settleFile({ file: { ...file, ...content }, seen: file, ancestors: ancestors(), parentPath: parent.path, etag: "ancestor-etag", sizeDelta: 11 - file.size, now });
        expect(ok).toBe(true);
      } else {
        await repos.nodes.update(file.id, content);
        await repos.nodes.bumpAncestors(ancestors(), "ancestor-etag", 11 - file.size, { id: parent.id, mtime: now });
      }
      return { rows: await treeOf(repos, ids), versionId: version.id };
    };
    const viaPrisma = await rolledBack(db, (repos) => change(repos, false));
    const viaSettle = await rolledBack(db, (repos) => change(repos, true));
    // PostgreSQL's sequences do not roll back: each run has its own version id.
    const normalise = (run: typeof viaPrisma) => run.rows.map((n) => columns({ ...n, currentVersionId: n.id === file.id ? (n.currentVersionId === run.versionId ? -1 : n.currentVersionId) : n.currentVersionId }));
    expect(normalise(viaSettle)).toEqual(normalise(viaPrisma));
    expect(viaSettle.rows.find((n) => n.id === file.id)).toMatchObject({ currentVersionId: viaSettle.versionId, size: 11, etag: "file-etag-2", mimeType: "text/markdown", mtime });
    expect(viaSettle.rows.find((n) => n.id === parent.id)).toMatchObject({ etag: "ancestor-etag", mtime: now, size: parent.size + 11 - file.size });
  });

  it("a new file: insertFile plus settleFile leave the rows create() plus update() plus bumpAncestors() leave", async () => {
    const input = { spaceId: parent.spaceId, parentId: parent.id, name: "new.txt", size: 7, mimeType: "text/plain", etag: "new-etag", mtime, creatorId: null };
    const change = async (repos: Repositories, settle: boolean) => {
      let node: NodeRecord;
      if (settle) node = await repos.nodes.insertFile(input);
      else node = await repos.nodes.create({ ...input, parentPath: parent.path, isFolder: false });
      const version = await repos.blobs.createVersion({ nodeId: node.id, blobId, size: 7, sha256: "c".repeat(64), authorId: null, mtime, createdAt: now });
      if (settle) {
        const settled = { ...node, path: `${parent.path}${node.id}/`, currentVersionId: version.id };
        expect(await repos.nodes.settleFile({ file: settled, seen: node, ancestors: ancestors(), parentPath: parent.path, etag: "ancestor-etag", sizeDelta: 7, now })).toBe(true);
      } else {
        await repos.nodes.update(node.id, { currentVersionId: version.id });
        await repos.nodes.bumpAncestors(ancestors(), "ancestor-etag", 7, { id: parent.id, mtime: now });
      }
      const rows = await treeOf(repos, [...ancestors(), node.id]);
      const own = rows.find((n) => n.id === node.id)!;
      expect(own.path).toBe(`${parent.path}${node.id}/`);
      expect(own.currentVersionId).toBe(version.id);
      expect(await repos.nodes.findLiveChild(parent.id, "new.txt")).toMatchObject({ id: node.id });
      return rows.map((n) => (n.id === node.id ? columns({ ...n, id: -1, path: "", currentVersionId: -1, createdAt: now }) : columns(n)));
    };
    const viaPrisma = await rolledBack(db, (repos) => change(repos, false));
    const viaSettle = await rolledBack(db, (repos) => change(repos, true));
    expect(viaSettle).toEqual(viaPrisma);
  });

  it("new files of one folder: insertFiles plus settleNewFiles leave the rows insertFile plus settleFile per file leave", async () => {
    const inputs = ["n1.bin", "n2.txt", "n3.png"].map((name, i) => ({ spaceId: parent.spaceId, parentId: parent.id, name, size: 3 + i, mimeType: "application/octet-stream", etag: `etag-${i}`, mtime, creatorId: null }));
    const total = inputs.reduce((sum, f) => sum + f.size, 0);
    const change = async (repos: Repositories, batched: boolean) => {
      const nodes = batched ? await repos.nodes.insertFiles(inputs) : await Promise.all(inputs.map((input) => repos.nodes.insertFile(input)));
      const versions = await repos.blobs.createVersions(nodes.map((n) => ({ nodeId: n.id, blobId, size: n.size, sha256: "d".repeat(64), authorId: null, mtime, createdAt: now })));
      if (batched) {
        const files = nodes.map((n, i) => ({ id: n.id, currentVersionId: versions[i]!.id }));
        expect(await repos.nodes.settleNewFiles({ files, ancestors: ancestors(), parentPath: parent.path, etag: "ancestor-etag", sizeDelta: total, now })).toBe(true);
      } else {
        for (const [i, n] of nodes.entries()) {
          const settled = { ...n, path: `${parent.path}${n.id}/`, currentVersionId: versions[i]!.id };
          expect(await repos.nodes.settleFile({ file: settled, seen: n, ancestors: ancestors(), parentPath: parent.path, etag: "ancestor-etag", sizeDelta: n.size, now })).toBe(true);
        }
      }
      const rows = await treeOf(repos, [...ancestors(), ...nodes.map((n) => n.id)]);
      for (const [i, n] of nodes.entries()) {
        const own = rows.find((r) => r.id === n.id)!;
        expect(own.path).toBe(`${parent.path}${n.id}/`);
        expect(own.currentVersionId).toBe(versions[i]!.id);
        expect(await repos.nodes.findLiveChild(parent.id, n.name)).toMatchObject({ id: n.id });
      }
      // Ids differ between the runs (PostgreSQL's sequences do not roll back): files are compared by name.
      const fileIds = new Set(nodes.map((n) => n.id));
      return rows.map((n) => (fileIds.has(n.id) ? columns({ ...n, id: -1, path: "", currentVersionId: -1, createdAt: now }) : columns(n))).sort((x, y) => Number(x.id === -1) - Number(y.id === -1) || (x.id === -1 ? x.name.localeCompare(y.name) : x.id - y.id));
    };
    const perFile = await rolledBack(db, (repos) => change(repos, false));
    const batched = await rolledBack(db, (repos) => change(repos, true));
    expect(batched).toEqual(perFile);
    expect(batched.find((n) => n.id === parent.id)).toMatchObject({ etag: "ancestor-etag", mtime: now, size: parent.size + total });
  });

  it("settleNewFiles refuses, changing nothing, when the parent moved or a folder above was trashed", async () => {
    const input = { spaceId: parent.spaceId, parentId: parent.id, name: "guarded.bin", size: 4, mimeType: "application/octet-stream", etag: "g", mtime, creatorId: null };
    const attempt = async (repos: Repositories, parentPath: string, trash: boolean) => {
      const [node] = await repos.nodes.insertFiles([input]);
      const version = await repos.blobs.createVersion({ nodeId: node!.id, blobId, size: 4, sha256: "e".repeat(64), authorId: null, mtime, createdAt: now });
      if (trash) await repos.nodes.markTrashedMany([(await repos.nodes.findById(ancestors()[1]!))!], now, 1);
      const ok = await repos.nodes.settleNewFiles({ files: [{ id: node!.id, currentVersionId: version.id }], ancestors: ancestors(), parentPath, etag: "ancestor-etag", sizeDelta: 4, now });
      const after = await treeOf(repos, [...ancestors(), node!.id]);
      return { ok, untouched: after.every((n) => n.etag !== "ancestor-etag" && (n.id !== node!.id || (n.path === "" && n.currentVersionId === null))) };
    };
    expect(await rolledBack(db, (repos) => attempt(repos, `${parent.path}x/`, false))).toEqual({ ok: false, untouched: true });
    expect(await rolledBack(db, (repos) => attempt(repos, parent.path, true))).toEqual({ ok: false, untouched: true });
  });

  it("refuses, changing nothing, when the file or a folder above it is no longer as the caller saw it", async () => {
    const ids = [...ancestors(), file.id];
    const attempt = (repos: Repositories, seen: { name: string; path: string; etag: string }, parentPath = parent.path) =>
      repos.nodes.settleFile({ file: { ...file, etag: "changed", size: 99 }, seen, ancestors: ancestors(), parentPath, etag: "ancestor-etag", sizeDelta: 1, now });
    const cases: [string, (repos: Repositories) => Promise<boolean>][] = [
      ["the file's ETag moved on", (repos) => attempt(repos, { ...file, etag: "someone-else" })],
      ["the file was renamed", (repos) => attempt(repos, { ...file, name: "other.txt" })],
      ["the file was moved", (repos) => attempt(repos, { ...file, path: `${file.path}x/` })],
      ["the parent was moved", (repos) => attempt(repos, file, `${parent.path}x/`)],
      [
        "a folder above was trashed",
        async (repos) => {
          await repos.nodes.markTrashedMany([(await repos.nodes.findById(ancestors()[1]!))!], now, file.creatorId ?? 1);
          return attempt(repos, file);
        },
      ],
    ];
    const before = await treeOf(h.services.uow.repos, ids);
    for (const [why, run] of cases) {
      const outcome = await rolledBack(db, async (repos) => {
        const ok = await run(repos);
        const after = await treeOf(repos, ids);
        return { ok, untouched: after.every((n, i) => n.etag === before[i]!.etag && n.size === before[i]!.size) };
      });
      expect(outcome, why).toEqual({ ok: false, untouched: true });
    }
  });

  it("with unlockedSpaceId, refuses (changing nothing) while the space has an unexpired lock, anywhere in it, and only then", async () => {
    const ids = [...ancestors(), file.id];
    const before = await treeOf(h.services.uow.repos, ids);
    const lockUntil = new Date(now.getTime() + 60_000);
    const attempt = (lock: { spaceId: number; expiresAt: Date } | null, userId = file.creatorId!) =>
      rolledBack(db, async (repos) => {
        if (lock) await repos.davLocks.create({ token: `opaquelocktoken:settle-${lock.spaceId}-${lock.expiresAt.getTime()}`, spaceId: lock.spaceId, path: "/elsewhere", scope: "exclusive", deep: false, owner: null, userId, timeoutSeconds: 60, expiresAt: lock.expiresAt });
        const ok = await repos.nodes.settleFile({ file: { ...file, etag: "locked-check", size: 5 }, seen: file, ancestors: ancestors(), parentPath: parent.path, etag: "ancestor-etag", sizeDelta: 0, now, unlockedSpaceId: parent.spaceId });
        const after = await treeOf(repos, ids);
        return { ok, untouched: after.every((n, i) => n.etag === before[i]!.etag) };
      });
    expect(await attempt(null)).toEqual({ ok: true, untouched: false });
    expect(await attempt({ spaceId: parent.spaceId, expiresAt: lockUntil })).toEqual({ ok: false, untouched: true });
    expect(await attempt({ spaceId: parent.spaceId, expiresAt: now })).toEqual({ ok: true, untouched: false });
    const other = await makeUser(h.services);
    const otherSpace = await h.services.spaces.personalSpace(other.actor.userId);
    expect(await attempt({ spaceId: otherSpace.id, expiresAt: lockUntil })).toEqual({ ok: true, untouched: false });
  });
});
