import "server-only";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import type { TypeMatcher } from "@/lib/domain/search";
import type { Term } from "@/lib/domain/search-text";

type Sql = Prisma.Sql;

/** Where a search may look: a whole space, or one subtree (the node whose materialised path is `path`, and below). */
export type SearchArea = { spaceId: number; path?: undefined } | { spaceId: number; path: string };

/** Narrowing filters, all optional; every one is a clause in filterClauses. */
export interface SearchFilters {
  type?: TypeMatcher;
  minSize?: number;
  maxSize?: number;
  modifiedAfter?: Date;
  modifiedBefore?: Date;
  creatorId?: number;
  /** the folder searched in is not its own result */
  excludeId?: number;
  /** tag ids a node must all carry (the service checks they are the searcher's own) */
  tagIds?: number[];
}

/** A file's extracted text, as saveText stores it. */
export interface TextToSave {
  nodeId: number;
  versionId: number;
  text: string;
  indexText: string;
}

/** A file copied: its source node and version, and the copy's node and version (same blob). */
export interface TextCopy {
  fromNodeId: number;
  fromVersionId: number;
  toNodeId: number;
  toVersionId: number;
}

export interface SearchQuery {
  /** never empty: the service derives them from the access rule */
  areas: SearchArea[];
  /** lower-case words that must each be a substring of the name (nameWords); none: no name condition */
  nameWords: string[];
  /** full text: terms that a file's indexed text may match instead of its name (contentTerms) */
  content: Term[] | null;
  filters: SearchFilters;
  /** keyset paging: only ids below this one */
  beforeId: number | null;
  limit: number;
}

/**
 * Search IO, one contract over two implementations (SqliteSearchRepository, PostgresSearchRepository).
 * findIds returns live, non-root nodes inside the areas that match, newest id first; it knows nothing of permissions
 * (the service passes areas derived from the access rule and re-checks every result).
 */
export interface SearchRepository {
  findIds(query: SearchQuery): Promise<number[]>;
  /** The stored extracted text of these files (for snippets). */
  textOf(nodeIds: number[]): Promise<Map<number, string>>;
  /** The version a file's stored text was extracted from, or null when it has none. */
  indexedVersion(nodeId: number): Promise<number | null>;
  /** indexedVersion of many files: the version of each that has stored text (files without are absent). */
  indexedVersions(nodeIds: number[]): Promise<Map<number, number>>;
  /** Stores the files' texts in place of any they had (run it in a transaction: it replaces their rows). */
  saveTexts(inputs: TextToSave[]): Promise<void>;
  removeText(nodeId: number): Promise<void>;
  removeTexts(nodeIds: number[]): Promise<void>;
  /**
   * Gives copies the stored text of their sources (a copy shares its source's blob, so nothing is extracted again):
   * only where the source's text is of the version copied. Returns the copies' ids that got text.
   */
  copyText(pairs: TextCopy[]): Promise<Set<number>>;
  /** Live files with content, by id (for the reindex backfill). */
  filesAfter(afterId: number, limit: number): Promise<{ id: number; name: string; mimeType: string | null }[]>;
}

export function makeSearchRepository(db: DbTx): SearchRepository {
  return providerOfDb(db) === "postgresql" ? new PostgresSearchRepository(db) : new SqliteSearchRepository(db);
}

/** The parts both databases write alike. */
abstract class BaseSearchRepository implements SearchRepository {
  constructor(protected readonly db: DbTx) {}

  abstract findIds(query: SearchQuery): Promise<number[]>;
  /** A case-insensitive LIKE on that database. */
  protected abstract readonly like: Sql;

  async textOf(nodeIds: number[]): Promise<Map<number, string>> {
    const rows = nodeIds.length === 0 ? [] : await this.db.searchContent.findMany({ where: { nodeId: { in: nodeIds } }, select: { nodeId: true, text: true } });
    return new Map(rows.map((r) => [r.nodeId, r.text]));
  }

  async indexedVersion(nodeId: number): Promise<number | null> {
    return (await this.db.searchContent.findUnique({ where: { nodeId }, select: { versionId: true } }))?.versionId ?? null;
  }

  async indexedVersions(nodeIds: number[]): Promise<Map<number, number>> {
    const rows = nodeIds.length === 0 ? [] : await this.db.searchContent.findMany({ where: { nodeId: { in: nodeIds } }, select: { nodeId: true, versionId: true } });
    return new Map(rows.map((r) => [r.nodeId, r.versionId]));
  }

  async saveTexts(inputs: TextToSave[]): Promise<void> {
    if (inputs.length === 0) return;
    await this.db.searchContent.deleteMany({ where: { nodeId: { in: inputs.map((i) => i.nodeId) } } });
    await this.db.searchContent.createMany({ data: inputs });
  }

  async removeText(nodeId: number): Promise<void> {
    await this.db.searchContent.deleteMany({ where: { nodeId } });
  }

  async removeTexts(nodeIds: number[]): Promise<void> {
    if (nodeIds.length > 0) await this.db.searchContent.deleteMany({ where: { nodeId: { in: nodeIds } } });
  }

  async copyText(pairs: TextCopy[]): Promise<Set<number>> {
    if (pairs.length === 0) return new Set();
    const rows = await this.db.searchContent.findMany({ where: { nodeId: { in: pairs.map((p) => p.fromNodeId) } }, select: { nodeId: true, versionId: true, text: true, indexText: true } });
    const bySource = new Map(rows.map((r) => [r.nodeId, r]));
    const data = pairs.flatMap((p) => {
      const row = bySource.get(p.fromNodeId);
      return row && row.versionId === p.fromVersionId ? [{ nodeId: p.toNodeId, versionId: p.toVersionId, text: row.text, indexText: row.indexText }] : [];
    });
    if (data.length > 0) await this.db.searchContent.createMany({ data });
    return new Set(data.map((d) => d.nodeId));
  }

  async filesAfter(afterId: number, limit: number): Promise<{ id: number; name: string; mimeType: string | null }[]> {
    return this.db.node.findMany({
      where: { id: { gt: afterId }, isFolder: false, trashedAt: null, currentVersionId: { not: null } },
      select: { id: true, name: true, mimeType: true },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  /** The rows inside one of the areas: a space, or a subtree by its path prefix. */
  protected areaClause(areas: SearchArea[]): Sql {
    const each = areas.map((a) => (a.path === undefined ? Prisma.sql`n."spaceId" = ${a.spaceId}` : Prisma.sql`n."path" LIKE ${`${a.path}%`}`));
    return Prisma.sql`(${Prisma.join(each, " OR ")})`;
  }

  /** Live, below a root, inside one of the areas, through the filters, under the cursor. */
  protected commonClauses(q: SearchQuery, areas: Sql = this.areaClause(q.areas)): Sql[] {
    const clauses = [Prisma.sql`n."trashedAt" IS NULL`, Prisma.sql`n."parentId" IS NOT NULL`, areas];
    if (q.beforeId !== null) clauses.push(Prisma.sql`n."id" < ${q.beforeId}`);
    return [...clauses, ...this.filterClauses(q.filters)];
  }

  private filterClauses(f: SearchFilters): Sql[] {
    const out: Sql[] = [];
    if (f.type) out.push(this.typeClause(f.type));
    if (f.minSize !== undefined) out.push(Prisma.sql`n."size" >= ${f.minSize}`);
    if (f.maxSize !== undefined) out.push(Prisma.sql`n."size" <= ${f.maxSize}`);
    if (f.modifiedAfter) out.push(Prisma.sql`n."mtime" >= ${f.modifiedAfter}`);
    if (f.modifiedBefore) out.push(Prisma.sql`n."mtime" < ${f.modifiedBefore}`);
    if (f.creatorId !== undefined) out.push(Prisma.sql`n."creatorId" = ${f.creatorId}`);
    if (f.excludeId !== undefined) out.push(Prisma.sql`n."id" <> ${f.excludeId}`);
    for (const tagId of f.tagIds ?? []) out.push(Prisma.sql`EXISTS (SELECT 1 FROM "NodeTag" t WHERE t."tagId" = ${tagId} AND t."nodeId" = n."id")`);
    return out;
  }

  private typeClause(t: TypeMatcher): Sql {
    if (t.folder) return Prisma.sql`n."isFolder" = ${true}`;
    const any = [
      ...t.mimePrefixes.map((p) => Prisma.sql`n."mimeType" LIKE ${`${p}%`}`),
      ...t.mimeTypes.map((m) => Prisma.sql`n."mimeType" = ${m}`),
      ...t.mimeFragments.map((m) => Prisma.sql`n."mimeType" LIKE ${`%${m}%`}`),
      ...t.extensions.map((e) => Prisma.sql`n."name" ${this.like} ${`%.${e}`}`),
    ];
    return Prisma.sql`n."isFolder" = ${false} AND (${Prisma.join(any, " OR ")})`;
  }

  protected async ids(sql: Sql): Promise<number[]> {
    const rows = await this.db.$queryRaw<{ id: number | bigint }[]>(sql);
    return rows.map((r) => Number(r.id));
  }
}

/**
 * SQLite: names through the FTS5 trigram table "NodeNameFts" (substring match of words of 3+ characters, any case),
 * contents through the FTS5 table "SearchContentFts". Two plans, chosen per query:
 * - narrow (the areas hold fewer than NARROW_ROWS nodes, e.g. one folder, a small space, a few shares): the areas' rows
 *   through the path and space indexes, names checked on each (instr on the lower-cased name), sorted;
 * - wide: the name index drives (CROSS JOIN fixes the join order), its rowids come newest first, each row is checked
 *   against the areas by primary key, and the page stops early. Without a word of 3+ characters: the table, newest
 *   first, names checked on each row.
 */
export class SqliteSearchRepository extends BaseSearchRepository {
  protected readonly like = Prisma.sql`LIKE`;

  /** `narrowRows`: areas holding fewer nodes take the narrow plan (tests set it to try both plans). */
  constructor(
    db: DbTx,
    private readonly narrowRows = NARROW_ROWS,
  ) {
    super(db);
  }

  async findIds(q: SearchQuery): Promise<number[]> {
    const long = q.nameWords.filter((w) => [...w].length >= 3);
    // SQLite's lower() folds ASCII only: a word with other cased letters is checked through the (Unicode-folding) index.
    const contains = q.nameWords.map((w) =>
      /[^\x00-\x7f]/.test(w) && w.toUpperCase() !== w && [...w].length >= 3
        ? Prisma.sql`n."id" IN (SELECT rowid FROM "NodeNameFts" WHERE "NodeNameFts" MATCH ${ftsPhrase(w)})`
        : Prisma.sql`instr(lower(n."name"), ${w}) > 0`,
    );
    const limit = Prisma.sql`LIMIT ${q.limit}`;
    const narrow = this.narrowRows > 0 && (await this.rowsInAreas(q.areas, this.narrowRows)) < this.narrowRows;
    // Unary + keeps SQLite off the space and path indexes where walking by id (newest first) is the plan.
    const where = this.commonClauses(q, narrow ? this.areaClause(q.areas) : this.areaClause(q.areas, { indexed: false }));
    if (q.content) {
      const byName = contains.length > 0 ? Prisma.join(contains, " AND ") : Prisma.sql`0`;
      const byContent = Prisma.sql`n."id" IN (SELECT rowid FROM "SearchContentFts" WHERE "SearchContentFts" MATCH ${ftsQuery(q.content)})`;
      return this.ids(Prisma.sql`SELECT n."id" FROM "Node" n WHERE (${byName} OR ${byContent}) AND ${Prisma.join(where, " AND ")} ORDER BY n."id" DESC ${limit}`);
    }
    if (narrow || long.length === 0) {
      return this.ids(Prisma.sql`SELECT n."id" FROM "Node" n WHERE ${Prisma.join([...contains, ...where], " AND ")} ORDER BY n."id" DESC ${limit}`);
    }
    const match = long.map(ftsPhrase).join(" ");
    return this.ids(Prisma.sql`SELECT n."id" FROM "NodeNameFts" f CROSS JOIN "Node" n ON n."id" = f.rowid
      WHERE "NodeNameFts" MATCH ${match} AND ${Prisma.join([...contains, ...where], " AND ")} ORDER BY f.rowid DESC ${limit}`);
  }

  /**
   * Subtrees as ranges of the path index ("/1/5/" up to "/1/50", the next string after the prefix: paths are digits and
   * slashes, and "0" follows "/"), so SQLite can use it; `indexed: false` hides both indexes from the planner.
   */
  protected override areaClause(areas: SearchArea[], opts: { indexed?: boolean } = {}): Sql {
    const plus = opts.indexed === false ? Prisma.raw("+") : Prisma.empty;
    const each = areas.map((a) =>
      a.path === undefined ? Prisma.sql`${plus}n."spaceId" = ${a.spaceId}` : Prisma.sql`(${plus}n."path" >= ${a.path} AND ${plus}n."path" < ${`${a.path.slice(0, -1)}0`})`,
    );
    return Prisma.sql`(${Prisma.join(each, " OR ")})`;
  }

  /** How many nodes the areas hold, counting no further than `cap` (a bounded walk of the indexes). */
  private async rowsInAreas(areas: SearchArea[], cap: number): Promise<number> {
    const [row] = await this.db.$queryRaw<{ n: number | bigint }[]>(
      Prisma.sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Node" n WHERE ${this.areaClause(areas)} LIMIT ${cap})`,
    );
    return Number(row?.n ?? 0);
  }
}

/** Areas with fewer nodes than this are searched row by row (see SqliteSearchRepository). */
const NARROW_ROWS = 20_000;

/** A word as one FTS5 phrase (for the trigram index: a substring). */
function ftsPhrase(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/** FTS5 query text: each term a quoted phrase (tokens are letters and digits only), `*` for a prefix, all ANDed. */
function ftsQuery(terms: Term[]): string {
  return terms.map((t) => `"${t.tokens.join(" ")}"${t.prefix ? "*" : ""}`).join(" AND ");
}

/** tsquery text: each term its tokens in sequence (<->), `:*` for a prefix, all ANDed. */
function tsQuery(terms: Term[]): string {
  return terms.map((t) => t.tokens.map((token, i) => `'${token}'${t.prefix && i === t.tokens.length - 1 ? ":*" : ""}`).join(" <-> ")).join(" & ");
}

/** PostgreSQL: names by ILIKE over the pg_trgm GIN index on "Node"."name", contents by the tsvector GIN index. */
export class PostgresSearchRepository extends BaseSearchRepository {
  protected readonly like = Prisma.sql`ILIKE`;

  async findIds(q: SearchQuery): Promise<number[]> {
    const names = q.nameWords.map((w) => Prisma.sql`n."name" ILIKE ${`%${escapeLike(w)}%`}`);
    const where = this.commonClauses(q);
    let matched = names;
    if (q.content) {
      const byName = names.length > 0 ? Prisma.join(names, " AND ") : Prisma.sql`FALSE`;
      const byContent = Prisma.sql`n."id" IN (SELECT c."nodeId" FROM "SearchContent" c WHERE c."tsv" @@ to_tsquery('simple', ${tsQuery(q.content)}))`;
      matched = [Prisma.sql`(${byName} OR ${byContent})`];
    }
    return this.ids(Prisma.sql`SELECT n."id" FROM "Node" n WHERE ${Prisma.join([...matched, ...where], " AND ")} ORDER BY n."id" DESC LIMIT ${q.limit}`);
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
