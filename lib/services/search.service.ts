import "server-only";
import type { Readable } from "node:stream";
import { chunks } from "@/lib/domain/chunks";
import { idsOfPath } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import type { Actor, Rights } from "@/lib/domain/permissions";
import { areasWithin, collapseAreas, type ReadableArea } from "@/lib/domain/readable-areas";
import type { SearchInput } from "@/lib/domain/search-query";
import { matchesType, MAX_INDEXED_CHARS, textFormatOf, typeMatcher, type TextFormat } from "@/lib/domain/search";
import { contentTerms, indexTextOf, MAX_QUERY_LENGTH, nameWords, snippetOf, type SnippetPart } from "@/lib/domain/search-text";
import type { NodeRecord, SpaceRecord } from "@/lib/domain/types";
import { extractText, MAX_SOURCE_BYTES } from "@/lib/media/text-extract";
import type { UnitOfWork } from "@/lib/repositories";
import type { VersionLocation } from "@/lib/repositories/blob.repository";
import type { SearchArea, SearchFilters, TextToSave } from "@/lib/repositories/search.repository";
import { eachAtMost } from "@/lib/storage/each-at-most";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { AccessService } from "./access.service";
import type { JobQueue } from "./job.queue";

export type { SearchInput };

export interface SearchHit {
  node: NodeRecord;
  rights: Rights;
  space: Pick<SpaceRecord, "id" | "kind" | "name">;
  /** reached through a share: `crumbs` start at the shared node, not at the space root */
  shared: boolean;
  /** the folders from where the actor's view starts down to the parent (a space root is not one) */
  crumbs: { id: number; name: string }[];
  /** the matched text inside the file (full text only) */
  snippet: SnippetPart[] | null;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

type Area = ReadableArea;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** Runs of the index job before it gives up on a file whose content keeps changing under it. */
const INDEX_ROUNDS = 3;
/** Files indexFiles reads and extracts at once (PDFs go to the PDF worker thread; text is decoded here). */
const EXTRACT_AT_ONCE = 4;
/** Files the reindex backfill hands indexFiles at once. */
const INDEX_BATCH = 50;

/**
 * Search by name (and, with fulltext, by the text inside files) over what the actor may read. The areas to look in
 * come from the access rule's facts (member spaces, a partner's own subtrees, grants to the user or its teams, the
 * credential's folder scope), so the database pages inside them; every result then passes AccessService itself.
 * Also keeps the text index: indexFile (the search.index job) and enqueueIndex (after a version is committed).
 */
export class SearchService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly storage: StorageRegistry,
    private readonly jobs: JobQueue,
  ) {}

  async search(actor: Actor, input: SearchInput): Promise<SearchPage> {
    if (actor.link) throw new DomainError("FORBIDDEN", "Search needs a signed-in account.");
    const q = input.q.trim();
    if (q.length > MAX_QUERY_LENGTH) throw new DomainError("INVALID_INPUT", `The search may be at most ${MAX_QUERY_LENGTH} characters long.`);
    const words = nameWords(q);
    const terms = input.fulltext ? contentTerms(q) : [];
    const tagIds = input.tags ?? [];
    const hasFilter = input.type !== undefined || input.minSize !== undefined || input.maxSize !== undefined || input.modifiedAfter || input.modifiedBefore || input.owner !== undefined || tagIds.length > 0;
    if (words.length === 0 && !hasFilter) throw new DomainError("INVALID_INPUT", "Type something to search for, or choose a filter.");
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    await this.requireOwnTags(actor, tagIds);
    const { areas, readable, excludeId } = await this.areasFor(actor, input);
    if (areas.length === 0) return { items: [], nextCursor: null };
    const repos = this.uow.repos;
    const filters: SearchFilters = {
      type: input.type ? typeMatcher(input.type) : undefined,
      minSize: input.minSize,
      maxSize: input.maxSize,
      modifiedAfter: input.modifiedAfter,
      modifiedBefore: input.modifiedBefore,
      creatorId: input.owner,
      excludeId,
      tagIds,
    };
    const ids = await repos.search.findIds({
      areas: areas.map((a): SearchArea => (a.path === undefined ? { spaceId: a.spaceId } : { spaceId: a.spaceId, path: a.path })),
      nameWords: words,
      content: terms.length > 0 ? terms : null,
      filters,
      beforeId: parseCursor(input.cursor),
      limit: limit + 1,
    });
    const more = ids.length > limit;
    const pageIds = ids.slice(0, limit);
    const byId = new Map((await repos.nodes.findManyByIds(pageIds)).map((n) => [n.id, n]));
    const nodes = pageIds.map((id) => byId.get(id)).filter((n): n is NodeRecord => n !== undefined && !n.trashedAt);
    const rights = await this.access.rightsOnMany(actor, nodes, repos);
    const found = nodes.map((node, i) => ({ node, rights: rights[i] })).filter((r) => r.rights.read && (!input.type || matchesType(r.node, input.type)));
    const items = await this.describe(found, readable, input.fulltext ? q : null);
    return { items, nextCursor: more ? String(pageIds[pageIds.length - 1]) : null };
  }

  /** Tags are private: a search may filter only by the searcher's own (anyone else's is NOT_FOUND, as TagService). */
  private async requireOwnTags(actor: Actor, tagIds: number[]): Promise<void> {
    for (const id of tagIds) {
      const tag = await this.uow.repos.tags.find(id);
      if (!tag || tag.userId !== actor.userId) throw new DomainError("NOT_FOUND", "No such tag.");
    }
  }

  /** Puts the files' text (re)indexing on the job queue, those whose format has text worth indexing, in one statement. */
  async enqueueIndex(nodes: readonly Pick<NodeRecord, "id" | "isFolder" | "name" | "mimeType">[]): Promise<void> {
    const jobs = nodes.filter((n) => textFormatOf(n)).map((n) => ({ payload: { nodeId: n.id }, uniqueKey: `search.index:${n.id}` }));
    await this.jobs.enqueueMany("search.index", jobs, { maxAttempts: 3 });
  }

  /**
   * The search.index job: stores the text of the file's current version (or drops it when the file is gone, trashed,
   * or no longer of an indexed format). Throws what the extraction threw.
   */
  async indexFile(nodeId: number): Promise<void> {
    const failures = await this.indexFiles([nodeId]);
    if (failures.has(nodeId)) throw failures.get(nodeId);
  }

  /**
   * indexFile for many files at once (the search.index jobs the worker claims together): the reads batched (the
   * files, their stored versions, their blobs: a few queries for all) and the texts saved in one transaction, only
   * where the file still has the version its text came from; a file whose version changed meanwhile goes round again.
   * Answers the files whose extraction failed, with why (nothing of theirs is stored; their jobs are retried).
   */
  async indexFiles(nodeIds: number[]): Promise<Map<number, unknown>> {
    const repos = this.uow.repos;
    const failures = new Map<number, unknown>();
    let pending = [...new Set(nodeIds)];
    for (let round = 0; round < INDEX_ROUNDS && pending.length > 0; round++) {
      const nodes = await repos.nodes.findManyByIds(pending);
      const wanted: { nodeId: number; versionId: number; format: TextFormat }[] = [];
      const gone: number[] = [];
      for (const node of nodes) {
        const format = !node.trashedAt && node.currentVersionId !== null ? textFormatOf(node) : null;
        if (format && node.currentVersionId !== null) wanted.push({ nodeId: node.id, versionId: node.currentVersionId, format });
        else gone.push(node.id);
      }
      if (gone.length > 0) await repos.search.removeTexts(gone);
      const indexed = await repos.search.indexedVersions(wanted.map((w) => w.nodeId));
      const stale = wanted.filter((w) => indexed.get(w.nodeId) !== w.versionId);
      const locations = await repos.blobs.findVersionsWithLocation(stale.map((w) => w.versionId));
      const texts: TextToSave[] = [];
      await eachAtMost(stale.length, EXTRACT_AT_ONCE, async (i) => {
        const { nodeId, versionId, format } = stale[i]!;
        const found = locations.get(versionId);
        if (!found) return;
        try {
          const text = await this.textOf(format, found);
          if (text !== null) texts.push({ nodeId, versionId, text, indexText: indexTextOf(text) });
        } catch (e) {
          failures.set(nodeId, e);
        }
      });
      pending = texts.length === 0 ? [] : await this.uow.transaction(async (tx) => {
        const current = new Map((await tx.nodes.findManyByIds(texts.map((t) => t.nodeId))).map((n) => [n.id, n.currentVersionId]));
        const fresh = texts.filter((t) => current.get(t.nodeId) === t.versionId);
        await tx.search.saveTexts(fresh);
        return texts.filter((t) => current.has(t.nodeId) && current.get(t.nodeId) !== t.versionId).map((t) => t.nodeId);
      });
    }
    return failures;
  }

  /** The text of one version, or null when it is too big to read for its format. */
  private async textOf(format: TextFormat, found: VersionLocation): Promise<string | null> {
    const size = found.version.size;
    if (format !== "text" && size > MAX_SOURCE_BYTES) return null;
    // A text file's first bytes hold all the text kept (at most 4 bytes a character in UTF-8).
    const read = Math.min(size, format === "text" ? 4 * MAX_INDEXED_CHARS : MAX_SOURCE_BYTES);
    const bytes = read === 0 ? new Uint8Array(0) : await readAtMost(await this.storage.driverFor(found.policy).get(found.key, { start: 0, end: read - 1 }), read);
    return extractText(format, bytes);
  }

  /**
   * The search.reindex job: walks every live file in id order and (re)indexes those of an indexed format whose stored
   * text is missing or older than their current version. Reports progress through `progress`.
   */
  async reindexAll(progress: (fraction: number) => Promise<void> = async () => undefined): Promise<number> {
    const total = await this.uow.repos.nodes.countFiles();
    let after = 0;
    let scanned = 0;
    let indexed = 0;
    for (;;) {
      const batch = await this.uow.repos.search.filesAfter(after, 500);
      if (batch.length === 0) return indexed;
      const ids = batch.filter((file) => textFormatOf({ ...file, isFolder: false })).map((file) => file.id);
      // A damaged file does not stop the backfill (indexFiles answers it among the failures); its own job records why.
      for (const part of chunks(ids, INDEX_BATCH)) await this.indexFiles(part).catch(() => undefined);
      indexed += ids.length;
      scanned += batch.length;
      after = batch[batch.length - 1].id;
      await progress(total > 0 ? Math.min(scanned / total, 1) : 1);
    }
  }

  /** Queues the search.reindex job (one at a time). */
  async enqueueReindex(): Promise<void> {
    await this.jobs.enqueue("search.reindex", {}, { uniqueKey: "search.reindex", maxAttempts: 1 });
  }

  /** The areas the actor reads (AccessService.readableAreas), narrowed to the search's scope. */
  private async areasFor(actor: Actor, input: SearchInput): Promise<{ areas: Area[]; readable: Area[]; excludeId?: number }> {
    const repos = this.uow.repos;
    const readable = await this.access.readableAreas(actor);
    if (input.scope === "space") {
      if (input.spaceId === undefined) throw new DomainError("INVALID_INPUT", "Name the space to search in.");
      return { areas: readable.filter((a) => a.spaceId === input.spaceId), readable };
    }
    if (input.scope === "folder") {
      if (input.folderId === undefined) throw new DomainError("INVALID_INPUT", "Name the folder to search in.");
      const folder = await repos.nodes.findById(input.folderId);
      if (!folder || folder.trashedAt || !folder.isFolder) throw new DomainError("NOT_FOUND", "No such folder.");
      const inside = collapseAreas(areasWithin(readable, folder));
      // A folder the actor can neither read nor reach anything below stays unknown (no existence leak).
      if (inside.length === 0) throw new DomainError("NOT_FOUND", "No such folder.");
      return { areas: inside, readable, excludeId: folder.id };
    }
    return { areas: readable, readable };
  }

  /**
   * Each result with its space, where the actor's view of it starts (from all it reads, not the searched scope: a
   * search inside a shared folder still shows the path from the shared root), its visible ancestors and its snippet.
   */
  private async describe(found: { node: NodeRecord; rights: Rights }[], areas: Area[], fulltextQuery: string | null): Promise<SearchHit[]> {
    const repos = this.uow.repos;
    const starts = found.map(({ node }) => viewStart(node, areas));
    const ancestorIds = new Set<number>();
    found.forEach(({ node }, i) => idsOfPath(node.path).slice(starts[i].index, -1).forEach((id) => ancestorIds.add(id)));
    const names = new Map((await repos.nodes.findManyByIds([...ancestorIds])).map((n) => [n.id, n.name]));
    const spaces = new Map<number, SpaceRecord | null>();
    for (const spaceId of new Set(found.map((f) => f.node.spaceId))) spaces.set(spaceId, await repos.spaces.findById(spaceId));
    const texts = fulltextQuery ? await repos.search.textOf(found.filter((f) => !f.node.isFolder).map((f) => f.node.id)) : new Map<number, string>();
    return found.map(({ node, rights }, i) => {
      const space = spaces.get(node.spaceId);
      const text = texts.get(node.id);
      const snippet = fulltextQuery && text ? snippetOf(text, fulltextQuery) : [];
      return {
        node,
        rights,
        space: { id: node.spaceId, kind: space?.kind ?? "personal", name: space?.name ?? "" },
        shared: !starts[i].member,
        crumbs: idsOfPath(node.path)
          .slice(starts[i].index, -1)
          .map((id) => ({ id, name: names.get(id) ?? "" }))
          .filter((c, index) => !(starts[i].member && index === 0 && starts[i].index === 0 && c.name === "")),
        snippet: snippet.length > 0 ? snippet : null,
      };
    });
  }
}

/**
 * Where the actor's view of a node starts (an index into its path's ids), as AccessService.visibleFrom decides it:
 * a member sees from the space root; a share recipient from the topmost shared ancestor.
 */
function viewStart(node: NodeRecord, areas: Area[]): { index: number; member: boolean } {
  const ids = idsOfPath(node.path);
  if (areas.some((a) => a.member && a.spaceId === node.spaceId && a.path === undefined)) return { index: 0, member: true };
  const holding = areas.filter((a) => a.spaceId === node.spaceId && a.path !== undefined && node.path.startsWith(a.path));
  const top = holding.sort((a, b) => a.path!.length - b.path!.length)[0];
  if (!top) return { index: ids.length - 1, member: false };
  if (top.member) return { index: 0, member: true };
  return { index: idsOfPath(top.path!).length - 1, member: false };
}

function parseCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === "") return null;
  const id = Number(cursor);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError("INVALID_INPUT", "The cursor is not valid.");
  return id;
}

async function readAtMost(stream: Readable, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = Buffer.from(chunk as Buffer);
    chunks.push(buf);
    total += buf.length;
    if (total >= max) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max);
}
