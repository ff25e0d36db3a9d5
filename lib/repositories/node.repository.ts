import "server-only";
import { chunks } from "@/lib/domain/chunks";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import type { Node } from "@/lib/db/generated/sqlite/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { sortKeyOf } from "@/lib/domain/sort-key";
import type { NodeRecord, SortKey, SortOrder } from "@/lib/domain/types";
import { VERSION_LOCATION_COLUMNS, versionLocationOf, type VersionLocation, type VersionLocationColumns } from "./blob.repository";
import { toNode, toPolicy, toVersion } from "./mappers";

const LIVE_CHILD = `SELECT * FROM "Node" WHERE "parentId" = ? AND "liveName" = ?`;

/** A live child by name with its current version and where that version's bytes are (a GET's last lookup). */
const LIVE_CHILD_WITH_CONTENT = `SELECT n.*, ${VERSION_LOCATION_COLUMNS}
FROM "Node" n LEFT JOIN "FileVersion" v ON v."id" = n."currentVersionId" LEFT JOIN "Blob" b ON b."id" = v."blobId"
LEFT JOIN "StoragePolicy" p ON p."id" = b."policyId"
WHERE n."parentId" = ? AND n."liveName" = ?`;
const LIVE_CHILD_WITH_CONTENT_PG = LIVE_CHILD_WITH_CONTENT.replace("?", "$1").replace("?", "$2");

export interface NewNode {
  spaceId: number;
  parentId: number | null;
  parentPath: string;
  name: string;
  isFolder: boolean;
  size: number;
  mimeType: string | null;
  etag: string;
  mtime: Date;
  creatorId: number | null;
  /** creates it hidden: out of the live name index and marked since then (a big copy's root until it is revealed) */
  hiddenSince?: Date;
}

/**
 * Where a page of a listing ends: the next page starts after this child (keyset paging, for every sort). `key` is
 * the child's value of the sort field as text: its name, its size in decimal, or its mtime in ISO 8601.
 */
export interface ListCursor {
  isFolder: boolean;
  key: string;
  id: number;
}

/** Node rows. Knows nothing of permissions; callers pass the facts. */
export class NodeRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  async findById(id: number): Promise<NodeRecord | null> {
    const row = this.reader ? this.reader.get<Node>(`SELECT * FROM "Node" WHERE "id" = ?`, [id]) : await this.db.node.findUnique({ where: { id } });
    return row ? toNode(row) : null;
  }

  /** Nodes a user created in a space (below its root), live ones only unless `withTrashed`: a partner's own subtrees. */
  async createdBy(spaceId: number, userId: number, opts: { withTrashed?: boolean } = {}): Promise<{ id: number; path: string }[]> {
    return this.db.node.findMany({ where: { spaceId, creatorId: userId, parentId: { not: null }, ...(opts.withTrashed ? {} : { trashedAt: null }) }, select: { id: true, path: true } });
  }

  async findManyByIds(ids: number[]): Promise<NodeRecord[]> {
    const out: NodeRecord[] = [];
    for (const part of chunks(ids, ID_CHUNK)) out.push(...(await this.db.node.findMany({ where: { id: { in: part } } })).map(toNode));
    return out;
  }

  async findLiveChild(parentId: number, name: string): Promise<NodeRecord | null> {
    const now = this.findLiveChildNow(parentId, name);
    if (now !== undefined) return now;
    const row = await this.db.node.findUnique({ where: { parentId_liveName: { parentId, liveName: name } } });
    return row ? toNode(row) : null;
  }

  /** findLiveChild answered at once where the SQLite reader serves it; undefined elsewhere (ask findLiveChild). */
  findLiveChildNow(parentId: number, name: string): NodeRecord | null | undefined {
    if (!this.reader) return undefined;
    const row = this.reader.getRemembered<Node>(LIVE_CHILD, [parentId, name]);
    return row ? toNode(row) : null;
  }

  /**
   * findLiveChild with the node's current version and where its bytes are, in one statement (content null for a
   * folder, or a file whose version or blob is gone). SQLite inside a transaction: the two ordinary reads.
   */
  async findLiveChildWithContent(parentId: number, name: string): Promise<{ node: NodeRecord; content: VersionLocation | null } | null> {
    const now = this.findLiveChildWithContentNow(parentId, name);
    if (now !== undefined) return now;
    if (providerOfDb(this.db) !== "postgresql") return this.findLiveChildWithContentViaPrisma(parentId, name);
    const row = (await this.db.$queryRawUnsafe<(Node & VersionLocationColumns)[]>(LIVE_CHILD_WITH_CONTENT_PG, parentId, name))[0];
    return row ? { node: toNode(row), content: versionLocationOf(row) } : null;
  }

  /** findLiveChildWithContent answered at once where the SQLite reader serves it; undefined elsewhere. */
  findLiveChildWithContentNow(parentId: number, name: string): { node: NodeRecord; content: VersionLocation | null } | null | undefined {
    if (!this.reader) return undefined;
    const row = this.reader.getRemembered<Node & VersionLocationColumns>(LIVE_CHILD_WITH_CONTENT, [parentId, name]);
    return row ? { node: toNode(row), content: versionLocationOf(row) } : null;
  }

  /** findLiveChildWithContent through Prisma's reads (SQLite transactions; its equivalence test's reference). */
  async findLiveChildWithContentViaPrisma(parentId: number, name: string): Promise<{ node: NodeRecord; content: VersionLocation | null } | null> {
    const row = await this.db.node.findUnique({ where: { parentId_liveName: { parentId, liveName: name } }, include: { current: { include: { blob: { include: { policy: true } } } } } });
    if (!row) return null;
    const { current, ...node } = row;
    return { node: toNode(node), content: current ? { version: toVersion(current), key: current.blob.key, policy: toPolicy(current.blob.policy) } : null };
  }

  /** Which of `names` are taken by live children of the folder. */
  async takenNames(parentId: number, names: string[]): Promise<Set<string>> {
    const rows = await this.db.node.findMany({
      where: { parentId, liveName: { in: names } },
      select: { name: true },
    });
    return new Set(rows.map((r) => r.name));
  }

  /** Live names starting with `prefix`, for numbering "name (n).ext". */
  async namesStartingWith(parentId: number, prefix: string): Promise<Set<string>> {
    const rows = await this.db.node.findMany({
      where: { parentId, liveName: { startsWith: prefix } },
      select: { name: true },
    });
    return new Set(rows.map((r) => r.name));
  }

  /**
   * A page of live children, folders first. By name means by the natural collation key (Node.sortKey), then the
   * name; size and mtime sort by value; the id breaks ties, in the same direction. Keyset paging from `after`: the
   * rows tying with the cursor on the sort value, then the rows beyond it, each one seek and range scan of a
   * (parentId, isFolder, field, id) index. So page 500 of a 100,000-entry folder costs what page 1 does, even when
   * every file has the same size or mtime (no OFFSET, no sort of the whole folder, no walk over a tie group).
   */
  async listLiveChildren(
    parentId: number,
    opts: { sort: SortKey; order: SortOrder; limit: number; foldersOnly?: boolean; after?: ListCursor },
  ): Promise<NodeRecord[]> {
    const { sort, order, after } = opts;
    const orderBy = sort === "name" ? [{ sortKey: order }, { name: order }, { id: order }] : [{ [sort]: order }, { id: order }];
    const out: NodeRecord[] = [];
    for (const isFolder of opts.foldersOnly ? [true] : [true, false]) {
      // Folders come first: a cursor among the files has left them behind.
      if (after && !after.isFolder && isFolder) continue;
      const ranges = after?.isFolder === isFolder ? [tiesAfter(after, sort, order), beyond(after, sort, order)] : [{}];
      for (const range of ranges) {
        if (out.length >= opts.limit) break;
        const rows = await this.db.node.findMany({ where: { parentId, isFolder, liveName: { not: null }, ...range }, orderBy, take: opts.limit - out.length });
        out.push(...rows.map(toNode));
      }
      if (out.length >= opts.limit) break;
    }
    return out;
  }

  /** "count:last-update:newest-id" of a folder's live children: changes whenever one is added, removed or updated. */
  async liveChildrenStamp(parentId: number): Promise<string> {
    const r = await this.db.node.aggregate({ where: { parentId, liveName: { not: null } }, _count: { _all: true }, _max: { updatedAt: true, id: true } });
    return `${r._count._all}:${r._max.updatedAt?.getTime() ?? 0}:${r._max.id ?? 0}`;
  }

  async countLiveChildren(parentId: number): Promise<number> {
    return this.db.node.count({ where: { parentId, liveName: { not: null } } });
  }

  /** The node and everything below it, live or trashed, shallowest first. */
  async subtree(path: string, opts: { liveOnly?: boolean; trashRootId?: number } = {}): Promise<NodeRecord[]> {
    const rows = await this.db.node.findMany({
      where: {
        path: { startsWith: path },
        ...(opts.liveOnly ? { trashedAt: null } : {}),
        ...(opts.trashRootId !== undefined ? { trashRootId: opts.trashRootId } : {}),
      },
      orderBy: [{ path: "asc" }],
    });
    return rows.map(toNode).sort((a, b) => a.path.length - b.path.length);
  }

  async create(input: NewNode): Promise<NodeRecord> {
    const row = await this.db.node.create({ data: rowOfNew(input) });
    const updated = await this.db.node.update({ where: { id: row.id }, data: { path: `${input.parentPath}${row.id}/` } });
    return toNode(updated);
  }

  /**
   * create() for many nodes in two statements per thousand (a copy's level): one insert, then one update that derives
   * each path from its parent's row. Every parent exists already (none is among `inputs`), and no two inputs share a
   * parent and a name. Results follow the order of `inputs`.
   */
  async createMany(inputs: NewNode[]): Promise<NodeRecord[]> {
    if (inputs.length === 0) return [];
    const rows = await this.db.node.createManyAndReturn({ data: inputs.map(rowOfNew) });
    const byKey = new Map(rows.map((r) => [`${r.parentId}/${r.name}`, r]));
    const created = inputs.map((input) => {
      const row = byKey.get(`${input.parentId}/${input.name}`)!;
      return toNode({ ...row, path: `${input.parentPath}${row.id}/` });
    });
    for (const part of chunks(created.map((n) => n.id), ID_CHUNK)) {
      await this.db.$executeRaw`UPDATE "Node" SET "path" = (SELECT p."path" FROM "Node" p WHERE p."id" = "Node"."parentId") || CAST("id" AS TEXT) || '/'
        WHERE "id" IN (${Prisma.join(part)})`;
    }
    return created;
  }

  /** Points each node at its version (nodeId → versionId) in one statement per thousand. */
  async setCurrentVersions(versionOf: Map<number, number>): Promise<void> {
    const now = new Date();
    for (const part of chunks([...versionOf], ID_CHUNK)) {
      const cases = Prisma.join(part.map(([nodeId, versionId]) => Prisma.sql`WHEN "id" = ${nodeId} THEN CAST(${versionId} AS INTEGER)`), " ");
      await this.db.$executeRaw`UPDATE "Node" SET "currentVersionId" = CASE ${cases} END, "updatedAt" = ${now} WHERE "id" IN (${Prisma.join(part.map(([nodeId]) => nodeId))})`;
    }
  }

  /**
   * Inserts a live file under its parent with an empty path and no current version: the caller completes both with
   * settleFile in the same transaction (the path needs the new id, the version needs the node). One statement.
   */
  async insertFile(input: Omit<NewNode, "parentPath" | "isFolder" | "hiddenSince">): Promise<NodeRecord> {
    // Raw SQL: Prisma's client costs a query compilation per create on every small PUT (issue 13); the same row as
    // node.create with rowOfNew (test/service/raw-inserts.test.ts).
    const now = new Date();
    const [row] = await this.db.$queryRaw<{ id: number | bigint }[]>`INSERT INTO "Node"
        ("spaceId", "parentId", "name", "liveName", "isFolder", "size", "mimeType", "path", "etag", "mtime", "createdAt", "updatedAt", "creatorId", "sortKey")
      VALUES (${input.spaceId}, ${input.parentId}, ${input.name}, ${input.name}, FALSE, ${BigInt(input.size)}, ${input.mimeType}, '', ${input.etag},
        ${input.mtime}, ${now}, ${now}, ${input.creatorId}, ${sortKeyOf(input.name)}) RETURNING "id"`;
    const { spaceId, parentId, name, size, mimeType, etag, mtime, creatorId } = input;
    const unset = { currentVersionId: null, trashedAt: null, trashRootId: null, originalParentId: null, trashedById: null };
    return { id: Number(row!.id), spaceId, parentId, name, isFolder: false, size, mimeType, path: "", etag, mtime, createdAt: now, updatedAt: now, creatorId, ...unset };
  }

  /**
   * insertFile for many new files in one statement per INSERT_ROWS (a bulk upload's files of one folder): no two share
   * a parent and a name, and none is live under its name yet (else a unique violation, nothing inserted). Results
   * follow `inputs`. Raw SQL as insertFile (Prisma's createManyAndReturn compiles every row on each call); the rows
   * are node.createMany's (test/service/raw-inserts.test.ts).
   */
  async insertFiles(inputs: Omit<NewNode, "parentPath" | "isFolder" | "hiddenSince">[]): Promise<NodeRecord[]> {
    const now = new Date();
    const ids = new Map<string, number>();
    for (const part of chunks(inputs, INSERT_ROWS)) {
      const values = Prisma.join(
        part.map((i) => Prisma.sql`(${i.spaceId}, ${i.parentId}, ${i.name}, ${i.name}, FALSE, ${BigInt(i.size)}, ${i.mimeType}, '', ${i.etag}, ${i.mtime}, ${now}, ${now}, ${i.creatorId}, ${sortKeyOf(i.name)})`),
      );
      const rows = await this.db.$queryRaw<{ id: number | bigint; parentId: number | bigint; name: string }[]>`INSERT INTO "Node"
          ("spaceId", "parentId", "name", "liveName", "isFolder", "size", "mimeType", "path", "etag", "mtime", "createdAt", "updatedAt", "creatorId", "sortKey")
        VALUES ${values} RETURNING "id", "parentId", "name"`;
      for (const r of rows) ids.set(`${r.parentId}/${r.name}`, Number(r.id));
    }
    const unset = { currentVersionId: null, trashedAt: null, trashRootId: null, originalParentId: null, trashedById: null };
    return inputs.map(({ spaceId, parentId, name, size, mimeType, etag, mtime, creatorId }) => ({
      id: ids.get(`${parentId}/${name}`)!,
      spaceId,
      parentId,
      name,
      isFolder: false,
      size,
      mimeType,
      path: "",
      etag,
      mtime,
      createdAt: now,
      updatedAt: now,
      creatorId,
      ...unset,
    }));
  }

  /** The live children of a folder under these names (those that exist), in one read. */
  async liveChildrenNamed(parentId: number, names: string[]): Promise<NodeRecord[]> {
    const out: NodeRecord[] = [];
    for (const part of chunks([...new Set(names)], ID_CHUNK)) out.push(...(await this.db.node.findMany({ where: { parentId, liveName: { in: part } } })).map(toNode));
    return out;
  }

  /**
   * settleFile for files just inserted by insertFiles into ONE folder, in ONE statement: each file gets its path
   * (the parent's path and its id) and its current version; every ancestor a new ETag and `sizeDelta` (the files'
   * total size); the parent (the last ancestor) the mtime `now`. Guarded like settleFile: only while every ancestor is
   * live and the parent is at `parentPath`; false, and nothing changed, otherwise.
   */
  async settleNewFiles(input: { files: { id: number; currentVersionId: number }[]; ancestors: number[]; parentPath: string; etag: string; sizeDelta: number; now: Date }): Promise<boolean> {
    const { files, ancestors, now } = input;
    const parentId = ancestors.at(-1);
    if (parentId === undefined) throw new Error("A file always has a parent.");
    if (files.length === 0) return true;
    const fileIds = Prisma.join(files.map((f) => f.id));
    const isFile = Prisma.sql`"id" IN (${fileIds})`;
    const versions = Prisma.join(files.map((f) => Prisma.sql`WHEN "id" = ${f.id} THEN CAST(${f.currentVersionId} AS INTEGER)`), " ");
    const ancestorIds = Prisma.join(ancestors);
    const asSeen = Prisma.sql`SELECT COUNT(*) FROM "Node" AS "g" WHERE "g"."id" IN (${ancestorIds}) AND "g"."trashedAt" IS NULL
        AND ("g"."id" <> ${parentId} OR "g"."path" = ${input.parentPath})`;
    const changed = await this.db.$executeRaw`UPDATE "Node" SET
        "path" = CASE WHEN ${isFile} THEN CAST(${input.parentPath} AS TEXT) || CAST("id" AS TEXT) || '/' ELSE "path" END,
        "currentVersionId" = CASE ${versions} ELSE "currentVersionId" END,
        "size" = CASE WHEN ${isFile} THEN "size" ELSE "size" + ${BigInt(input.sizeDelta)} END,
        "etag" = CASE WHEN ${isFile} THEN "etag" ELSE ${input.etag} END,
        "mtime" = CASE WHEN "id" = ${parentId} THEN ${now} ELSE "mtime" END,
        "updatedAt" = ${now}
      WHERE ("id" IN (${ancestorIds}) OR ${isFile}) AND (${asSeen}) = CAST(${ancestors.length} AS INTEGER)`;
    return changed === ancestors.length + files.length;
  }

  /**
   * Completes a file write in ONE statement: the file gets its content columns (path, current version, size, ETag,
   * mtime, type); every ancestor a new ETag and `sizeDelta`; the parent (the last ancestor) the mtime `now`. The same
   * as update() plus bumpAncestors(…, touch parent) (test/service/settle-file.test.ts), but guarded: it applies only
   * while the file and every ancestor are live and as the caller saw them (the file under `seen.name` at `seen.path`
   * with `seen.etag`; the parent at `parentPath`). False, and nothing changed, otherwise: the caller re-reads.
   */
  async settleFile(input: {
    file: Pick<NodeRecord, "id" | "path" | "currentVersionId" | "size" | "etag" | "mtime" | "mimeType">;
    seen: { name: string; path: string; etag: string };
    ancestors: number[];
    parentPath: string;
    etag: string;
    sizeDelta: number;
    now: Date;
    /** also only while the space has no unexpired WebDAV lock at `now` (the writer's lock check folded in: false else) */
    unlockedSpaceId?: number;
  }): Promise<boolean> {
    const { file, seen, ancestors, now } = input;
    const parentId = ancestors.at(-1);
    if (parentId === undefined) throw new Error("A file always has a parent.");
    const isFile = Prisma.sql`"id" = ${file.id}`;
    const ids = Prisma.join([...ancestors, file.id]);
    const unlocked =
      input.unlockedSpaceId === undefined ? Prisma.empty : Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "DavLock" AS "l" WHERE "l"."spaceId" = ${input.unlockedSpaceId} AND "l"."expiresAt" > ${now})`;
    // All or nothing: the rows are updated only when every one of them still passes the guard.
    const asSeen = Prisma.sql`SELECT COUNT(*) FROM "Node" AS "g" WHERE "g"."id" IN (${ids}) AND "g"."trashedAt" IS NULL
        AND ("g"."id" <> ${file.id} OR ("g"."liveName" = ${seen.name} AND "g"."path" = ${seen.path} AND "g"."etag" = ${seen.etag}))
        AND ("g"."id" <> ${parentId} OR "g"."path" = ${input.parentPath}) ${unlocked}`;
    const changed = await this.db.$executeRaw`UPDATE "Node" SET
        "path" = CASE WHEN ${isFile} THEN ${file.path} ELSE "path" END,
        "currentVersionId" = CASE WHEN ${isFile} THEN ${file.currentVersionId} ELSE "currentVersionId" END,
        "size" = CASE WHEN ${isFile} THEN ${BigInt(file.size)} ELSE "size" + ${BigInt(input.sizeDelta)} END,
        "etag" = CASE WHEN ${isFile} THEN ${file.etag} ELSE ${input.etag} END,
        "mtime" = CASE WHEN ${isFile} THEN ${file.mtime} WHEN "id" = ${parentId} THEN ${now} ELSE "mtime" END,
        "mimeType" = CASE WHEN ${isFile} THEN ${file.mimeType} ELSE "mimeType" END,
        "updatedAt" = ${now}
      WHERE "id" IN (${ids}) AND (${asSeen}) = CAST(${ancestors.length + 1} AS INTEGER)`;
    return changed === ancestors.length + 1;
  }

  async update(
    id: number,
    data: Partial<Pick<NodeRecord, "name" | "etag" | "mtime" | "mimeType" | "currentVersionId" | "size">>,
  ): Promise<NodeRecord> {
    const row = await this.db.node.update({
      where: { id },
      data: {
        ...data,
        ...(data.name !== undefined ? { liveName: data.name, sortKey: sortKeyOf(data.name) } : {}),
        ...(data.size !== undefined ? { size: BigInt(data.size) } : {}),
      },
    });
    return toNode(row);
  }

  /**
   * Gives every listed node a new ETag and adds `sizeDelta` to its size (ancestor propagation); with `touch`, that
   * one of them (the changed node's parent) also gets its mtime, in the same statement.
   */
  async bumpAncestors(ids: number[], etag: string, sizeDelta: number, touch?: { id: number; mtime: Date }): Promise<void> {
    const mtime = touch ? Prisma.sql`, "mtime" = CASE WHEN "id" = ${touch.id} THEN ${touch.mtime} ELSE "mtime" END` : Prisma.empty;
    for (const part of chunks(ids, ID_CHUNK)) {
      await this.db.$executeRaw`UPDATE "Node" SET "etag" = ${etag}, "size" = "size" + ${BigInt(sizeDelta)}, "updatedAt" = ${new Date()}${mtime}
        WHERE "id" IN (${Prisma.join(part)})`;
    }
  }

  async touchMtimes(ids: number[], mtime: Date): Promise<void> {
    for (const part of chunks(ids, ID_CHUNK)) await this.db.node.updateMany({ where: { id: { in: part } }, data: { mtime } });
  }

  /** Moves a node under a new parent and rewrites its subtree's materialised paths. */
  async reparent(node: NodeRecord, newParentId: number, newParentPath: string, name: string, etag: string): Promise<void> {
    const newPath = `${newParentPath}${node.id}/`;
    await this.db.node.update({ where: { id: node.id }, data: { parentId: newParentId, name, liveName: name, sortKey: sortKeyOf(name), etag } });
    await this.db.$executeRaw`UPDATE "Node" SET "path" = ${newPath} || substr("path", ${node.path.length + 1}) WHERE "path" LIKE ${`${node.path}%`}`;
  }

  /** Trash entries that sit inside another trashed subtree (trashed on their own, earlier). */
  async otherTrashRootsUnder(root: NodeRecord): Promise<NodeRecord[]> {
    const rows = await this.db.node.findMany({
      where: { path: { startsWith: root.path }, id: { not: root.id }, trashRootId: { equals: this.db.node.fields.id } },
    });
    return rows.map(toNode);
  }

  /** Moves a trashed subtree under `parent` without bringing it back to life (its name stays out of the live index). */
  async detach(node: NodeRecord, parent: NodeRecord): Promise<void> {
    const newPath = `${parent.path}${node.id}/`;
    await this.db.node.update({ where: { id: node.id }, data: { parentId: parent.id } });
    await this.db.$executeRaw`UPDATE "Node" SET "path" = ${newPath} || substr("path", ${node.path.length + 1}) WHERE "path" LIKE ${`${node.path}%`}`;
  }

  /** Marks a subtree trashed; only `root` keeps the original parent. */
  /**
   * Trashes roots (none inside another) in two statements per TRASH_CHUNK roots: each root's
   * live subtree gets that root as its trash entry; each root keeps its original parent.
   */
  async markTrashedMany(roots: NodeRecord[], at: Date, byUserId: number): Promise<void> {
    for (const part of chunks(roots, TRASH_CHUNK)) {
      const under = (r: NodeRecord) => Prisma.sql`"path" LIKE ${`${r.path}%`}`;
      const rootOf = Prisma.join(part.map((r) => Prisma.sql`WHEN ${under(r)} THEN CAST(${r.id} AS INTEGER)`), " ");
      await this.db.$executeRaw`UPDATE "Node" SET "liveName" = NULL, "trashRootId" = CASE ${rootOf} END,
        "originalParentId" = CASE WHEN "id" IN (${Prisma.join(part.map((r) => r.id))}) THEN "parentId" ELSE "originalParentId" END
        WHERE "trashedAt" IS NULL AND (${Prisma.join(part.map(under), " OR ")})`;
      // Dates go through Prisma so they are stored as everywhere else.
      await this.db.node.updateMany({ where: { trashRootId: { in: part.map((r) => r.id) }, trashedAt: null }, data: { trashedAt: at, trashedById: byUserId } });
    }
  }

  /** Brings a trashed subtree back to life (the caller reparents the root first). */
  async markRestored(root: NodeRecord, etag: string): Promise<void> {
    await this.db.$executeRaw`UPDATE "Node" SET "trashedAt" = NULL, "trashRootId" = NULL, "trashedById" = NULL, "originalParentId" = NULL, "liveName" = "name", "etag" = ${etag} WHERE "trashRootId" = ${root.id}`;
  }

  async listTrashRoots(spaceId: number): Promise<NodeRecord[]> {
    const rows = await this.db.node.findMany({
      where: { spaceId, trashRootId: { equals: this.db.node.fields.id } },
      orderBy: { trashedAt: "desc" },
    });
    return rows.map(toNode);
  }

  async trashRootsBefore(before: Date, limit: number): Promise<NodeRecord[]> {
    const rows = await this.db.node.findMany({
      where: { trashedAt: { lt: before }, trashRootId: { equals: this.db.node.fields.id } },
      take: limit,
    });
    return rows.map(toNode);
  }

  /** Deletes a subtree's rows (versions go with them). Blob references must be released first. */
  async deleteSubtree(path: string): Promise<void> {
    const ids = (await this.db.node.findMany({ where: { path: { startsWith: path } }, select: { id: true } })).map((r) => r.id);
    await this.db.node.updateMany({ where: { id: { in: ids } }, data: { currentVersionId: null } });
    await this.db.fileVersion.deleteMany({ where: { nodeId: { in: ids } } });
    await this.db.node.deleteMany({ where: { id: { in: ids } } });
  }

  /** How many levels below the space root the deepest folder at or under `path` sits (null when none is a folder). */
  async deepestFolderUnder(path: string): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ d: number | bigint | null }[]>`SELECT MAX(LENGTH("path") - LENGTH(REPLACE("path", '/', ''))) AS "d" FROM "Node" WHERE "path" LIKE ${`${path}%`} AND "isFolder" = ${true}`;
    const slashes = rows[0]?.d;
    return slashes === null || slashes === undefined ? null : Number(slashes) - 2;
  }

  /** Up to `limit` nodes after id `afterId` whose sort key was never computed (rows from before the column). */
  async withoutSortKey(afterId: number, limit: number): Promise<{ id: number; name: string }[]> {
    return this.db.node.findMany({ where: { id: { gt: afterId }, sortKey: "", name: { not: "" } }, orderBy: { id: "asc" }, take: limit, select: { id: true, name: true } });
  }

  async setSortKeys(rows: { id: number; sortKey: string }[]): Promise<void> {
    for (const r of rows) await this.db.node.update({ where: { id: r.id }, data: { sortKey: r.sortKey } });
  }

  /** How many live nodes are at or under `path`. */
  async countLiveUnder(path: string): Promise<number> {
    return this.db.node.count({ where: { path: { startsWith: path }, trashedAt: null } });
  }

  /** Nodes created hidden (trashedAt set, no trash entry) before `before`: big copies that never finished. */
  async hiddenRootsBefore(before: Date, limit: number): Promise<NodeRecord[]> {
    const rows = await this.db.node.findMany({ where: { trashedAt: { lt: before }, trashRootId: null }, orderBy: { id: "asc" }, take: limit });
    return rows.map(toNode);
  }

  /** Brings a node created hidden to life under `name` (its subtree was built below it meanwhile). */
  async reveal(id: number, name: string, etag: string): Promise<NodeRecord> {
    return toNode(await this.db.node.update({ where: { id }, data: { name, liveName: name, sortKey: sortKeyOf(name), trashedAt: null, etag } }));
  }

  /** Up to `limit` ids at or under `path`, deepest first: each comes before its parent. */
  async deepestUnder(path: string, limit: number): Promise<number[]> {
    const rows = await this.db.$queryRaw<{ id: number | bigint }[]>`SELECT "id" FROM "Node" WHERE "path" LIKE ${`${path}%`} ORDER BY LENGTH("path") DESC, "id" DESC LIMIT ${limit}`;
    return rows.map((r) => Number(r.id));
  }

  /**
   * Deletes these nodes with their versions (none may still have children: see deepestUnder). Returns the blobs of
   * the versions that went, one entry per version, and their bytes, for the caller to release and refund.
   */
  async deleteNodes(ids: number[]): Promise<{ blobIds: number[]; bytes: number }> {
    const versions = await this.db.fileVersion.findMany({ where: { nodeId: { in: ids } }, select: { blobId: true, size: true } });
    await this.db.node.updateMany({ where: { id: { in: ids } }, data: { currentVersionId: null } });
    await this.db.fileVersion.deleteMany({ where: { nodeId: { in: ids } } });
    await this.db.node.deleteMany({ where: { id: { in: ids } } });
    return { blobIds: versions.map((v) => v.blobId), bytes: versions.reduce((sum, v) => sum + Number(v.size), 0) };
  }

  async countFiles(): Promise<number> {
    return this.db.node.count({ where: { isFolder: false } });
  }
}

/** The rows after `c` in a name-sorted listing (folders first; key, name in `order`; id ascending). */
/** The cursor's sort value as the column holds it (name sorts by its collation key). */
function sortValue(c: ListCursor, sort: SortKey): string | bigint | Date {
  return sort === "name" ? sortKeyOf(c.key) : sort === "size" ? BigInt(c.key) : new Date(c.key);
}

/** Rows with the cursor's sort value that come after it (by name: the same key, a later name; else a later id). */
function tiesAfter(c: ListCursor, sort: SortKey, order: SortOrder): Prisma.NodeWhereInput {
  const past = order === "asc" ? "gt" : "lt";
  if (sort === "name") return { sortKey: sortValue(c, sort) as string, OR: [{ name: { [past]: c.key } }, { name: c.key, id: { [past]: c.id } }] };
  return { [sort]: sortValue(c, sort), id: { [past]: c.id } };
}

/** Rows whose sort value is past the cursor's. */
function beyond(c: ListCursor, sort: SortKey, order: SortOrder): Prisma.NodeWhereInput {
  return { [sort === "name" ? "sortKey" : sort]: { [order === "asc" ? "gt" : "lt"]: sortValue(c, sort) } };
}

/** Ids per `IN (…)` list, well under SQLite's and PostgreSQL's bound-parameter limits. */
const ID_CHUNK = 1000;
/** Rows one multi-row INSERT takes (at 14 bind parameters a row, far below SQLite's and PostgreSQL's limits). */
const INSERT_ROWS = 500;
/** Roots per batched trash statement (each root is a LIKE in the CASE and in the WHERE). */
const TRASH_CHUNK = 200;

/** The row create() and createMany() insert: the path is set once the id is known. */
function rowOfNew(input: NewNode) {
  return {
    spaceId: input.spaceId,
    parentId: input.parentId,
    name: input.name,
    liveName: input.hiddenSince ? null : input.name,
    trashedAt: input.hiddenSince ?? null,
    sortKey: sortKeyOf(input.name),
    isFolder: input.isFolder,
    size: BigInt(input.size),
    mimeType: input.mimeType,
    path: "",
    etag: input.etag,
    mtime: input.mtime,
    creatorId: input.creatorId,
  };
}
