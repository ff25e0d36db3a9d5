import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { newEtag } from "@/lib/domain/etag";
import type { Actor } from "@/lib/domain/permissions";
import type { SearchInput } from "@/lib/services/search.service";
import { createDb } from "@/lib/db/client";
import { SqliteSearchRepository, type SearchQuery } from "@/lib/repositories/search.repository";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { makeTeam } from "../helpers/teams";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();

/** A one-page PDF with these lines (pdf-lib's standard font: Latin text). */
async function pdfWith(...lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 760 - 20 * i, size: 12, font }));
  return Buffer.from(await doc.save());
}

/** A minimal .docx: its text lives in word/document.xml. */
function docxWith(text: string): Buffer {
  const xml = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
  return Buffer.from(zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8(xml) }));
}

describe.each(PROVIDERS)("search on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const tag = () => Math.random().toString(36).slice(2, 8);
  const search = (actor: Actor, q: string, more: Partial<SearchInput> = {}) => h.services.search.search(actor, { q, scope: "all", ...more });
  const names = async (actor: Actor, q: string, more: Partial<SearchInput> = {}) => (await search(actor, q, more)).items.map((i) => i.node.name).sort();

  it("finds names by substring in any case, with every word, short words too, and returns each result's path", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    const { files } = h.services;
    const docs = await files.createFolder(me.actor, me.rootId, `Docs-${t}`);
    const sub = await files.createFolder(me.actor, docs.node.id, "Sub");
    await putFile(h.services, me.actor, sub.node.id, `Annual Report ${t}.pdf`, "x");
    await putFile(h.services, me.actor, me.rootId, `annual-budget-${t}.xlsx`, "x");
    await putFile(h.services, me.actor, me.rootId, `报告${t}.txt`, "x");

    expect(await names(me.actor, `REPORT ${t}`)).toEqual([`Annual Report ${t}.pdf`]);
    expect(await names(me.actor, `annual ${t}`)).toEqual([`Annual Report ${t}.pdf`, `annual-budget-${t}.xlsx`]);
    expect(await names(me.actor, `报告${t}`)).toEqual([`报告${t}.txt`]);
    // A word shorter than the trigram index's three characters is still a substring condition.
    expect(await names(me.actor, `${t} 报告`)).toEqual([`报告${t}.txt`]);
    const [hit] = (await search(me.actor, `report ${t}`)).items;
    expect(hit.crumbs.map((c) => c.name)).toEqual([`Docs-${t}`, "Sub"]);
    expect(hit).toMatchObject({ shared: false, space: { id: me.spaceId, kind: "personal" } });
    // Cased letters beyond ASCII fold too, in a small space (row by row) as in the index.
    await putFile(h.services, me.actor, me.rootId, `Ärger-${t}.txt`, "x");
    expect(await names(me.actor, `ärger-${t}`)).toEqual([`Ärger-${t}.txt`]);
    // A rename is searchable at once (the name index follows the row).
    await files.rename(me.actor, docs.node.id, `Papers-${t}`);
    expect(await names(me.actor, `papers-${t}`)).toEqual([`Papers-${t}`]);
    expect(await names(me.actor, `docs-${t}`)).toEqual([]);
  });

  it("pages with a cursor, newest first, without repeats", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    for (let i = 0; i < 7; i++) await putFile(h.services, me.actor, me.rootId, `page-${t}-${i}.txt`, "x");
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 5; round++) {
      const page = await search(me.actor, `page-${t}`, { limit: 3, cursor });
      seen.push(...page.items.map((i) => i.node.name));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `page-${t}-${i}.txt`));
    expect(await codeOf(search(me.actor, "x", { cursor: "abc" }))).toBe("INVALID_INPUT");
    expect(await codeOf(search(me.actor, "  "))).toBe("INVALID_INPUT");
  });

  it("searches within a folder's subtree, a space, or everything, and filters by type, size, date and creator", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    const other = await makeUser(h.services);
    const team = await makeTeam(h.services, me.user.id, { members: [{ userId: other.user.id, role: "editor" }] });
    const { files } = h.services;
    const inner = await files.createFolder(me.actor, me.rootId, `inner-${t}`);
    await putFile(h.services, me.actor, inner.node.id, `f-${t}-photo.jpg`, "jpeg");
    await putFile(h.services, me.actor, me.rootId, `f-${t}-song.mp3`, "mp3");
    await putFile(h.services, me.actor, me.rootId, `f-${t}-big.pdf`, "x".repeat(5000));
    await files.createFolder(me.actor, me.rootId, `f-${t}-folder`);
    await putFile(h.services, other.actor, team.rootId, `f-${t}-team.zip`, "zip");

    expect(await names(me.actor, `f-${t}`, { scope: "folder", folderId: inner.node.id })).toEqual([`f-${t}-photo.jpg`]);
    expect(await names(me.actor, `f-${t}`, { scope: "space", spaceId: team.spaceId })).toEqual([`f-${t}-team.zip`]);
    expect(await names(me.actor, `f-${t}`)).toHaveLength(5);
    expect(await names(me.actor, `f-${t}`, { type: "image" })).toEqual([`f-${t}-photo.jpg`]);
    expect(await names(me.actor, `f-${t}`, { type: "audio" })).toEqual([`f-${t}-song.mp3`]);
    expect(await names(me.actor, `f-${t}`, { type: "document" })).toEqual([`f-${t}-big.pdf`]);
    expect(await names(me.actor, `f-${t}`, { type: "archive" })).toEqual([`f-${t}-team.zip`]);
    expect(await names(me.actor, `f-${t}`, { type: "folder" })).toEqual([`f-${t}-folder`]);
    expect(await names(me.actor, `f-${t}`, { type: "video" })).toEqual([]);
    expect(await names(me.actor, `f-${t}`, { minSize: 1000 })).toEqual([`f-${t}-big.pdf`]);
    expect(await names(me.actor, `f-${t}`, { maxSize: 3, type: "image" })).toEqual([]);
    expect(await names(me.actor, `f-${t}`, { owner: other.user.id })).toEqual([`f-${t}-team.zip`]);
    const now = h.services.clock.now().getTime();
    expect(await names(me.actor, `f-${t}`, { modifiedAfter: new Date(now + 86_400_000) })).toEqual([]);
    expect(await names(me.actor, `f-${t}`, { modifiedAfter: new Date(now - 86_400_000), modifiedBefore: new Date(now + 86_400_000) })).toHaveLength(5);
    expect(await names(me.actor, `f-${t}`, { modifiedBefore: new Date(now - 86_400_000) })).toEqual([]);
    // Filters alone (no words) list what matches them.
    expect((await search(me.actor, "", { scope: "space", spaceId: me.spaceId, type: "audio" })).items.map((i) => i.node.name)).toEqual([`f-${t}-song.mp3`]);
    // Someone else's folder is unknown.
    expect(await codeOf(search(other.actor, "f", { scope: "folder", folderId: inner.node.id }))).toBe("NOT_FOUND");
  });

  it("filters by the searcher's own tags (every one given), alone or with words, and refuses anyone else's tag", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    const other = await makeUser(h.services);
    const { files, tags, shareGrants } = h.services;
    const red = await tags.create(me.actor, { name: `red-${t}`, color: "red" });
    const blue = await tags.create(me.actor, { name: `blue-${t}`, color: "blue" });
    const a = await putFile(h.services, me.actor, me.rootId, `tg-${t}-a.txt`, "x");
    const b = await putFile(h.services, me.actor, me.rootId, `tg-${t}-b.txt`, "x");
    const folder = await files.createFolder(me.actor, me.rootId, `tg-${t}-folder`);
    await putFile(h.services, me.actor, me.rootId, `tg-${t}-untagged.txt`, "x");
    for (const id of [a.id, b.id, folder.node.id]) await tags.setOnNode(me.actor, red.id, id, true);
    await tags.setOnNode(me.actor, blue.id, a.id, true);

    expect(await names(me.actor, `tg-${t}`, { tags: [red.id] })).toEqual([`tg-${t}-a.txt`, `tg-${t}-b.txt`, `tg-${t}-folder`]);
    expect(await names(me.actor, `tg-${t}`, { tags: [red.id, blue.id] })).toEqual([`tg-${t}-a.txt`]);
    expect(await names(me.actor, `tg-${t}`, { tags: [red.id], type: "folder" })).toEqual([`tg-${t}-folder`]);
    // A tag alone is a filter: no words needed.
    expect(await names(me.actor, "", { tags: [blue.id] })).toEqual([`tg-${t}-a.txt`]);
    // Another user cannot filter by my tag (nor learn it exists), and finds nothing through it once shared with.
    expect(await codeOf(search(other.actor, "", { tags: [red.id] }))).toBe("NOT_FOUND");
    await shareGrants.grant(me.actor, folder.node.id, { userId: other.user.id, permission: "view" });
    const theirs = await tags.create(other.actor, { name: `red-${t}`, color: "red" });
    expect(await names(other.actor, "", { tags: [theirs.id] })).toEqual([]);
    // Tagged but no longer readable: never returned (a tagged item in a share revoked from the tagger).
    const shared = await files.createFolder(other.actor, other.rootId, `tg-${t}-theirs`);
    const grant = await shareGrants.grant(other.actor, shared.node.id, { userId: me.user.id, permission: "view" });
    await tags.setOnNode(me.actor, red.id, shared.node.id, true);
    expect(await names(me.actor, "", { tags: [red.id] })).toContain(`tg-${t}-theirs`);
    await shareGrants.revokeGrant(other.actor, grant.grant.id);
    expect(await names(me.actor, "", { tags: [red.id] })).not.toContain(`tg-${t}-theirs`);
  });

  it("never returns what the user cannot read: other spaces, trashed items, a revoked share, a team left, a partner's limits", async () => {
    const t = tag();
    const owner = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const { files, trash, shareGrants, teams } = h.services;
    await putFile(h.services, owner.actor, owner.rootId, `r-${t}-private.txt`, "x");
    const shared = await files.createFolder(owner.actor, owner.rootId, `r-${t}-shared`);
    await putFile(h.services, owner.actor, shared.node.id, `r-${t}-inside.txt`, "x");
    // Not shared, beside the shared folder: stays invisible.
    expect(await names(bob.actor, `r-${t}`)).toEqual([]);

    const grant = await shareGrants.grant(owner.actor, shared.node.id, { userId: bob.user.id, permission: "view" });
    expect(await names(bob.actor, `r-${t}`)).toEqual([`r-${t}-inside.txt`, `r-${t}-shared`]);
    const inside = (await search(bob.actor, `r-${t}-inside`)).items[0];
    expect(inside).toMatchObject({ shared: true, crumbs: [{ id: shared.node.id, name: `r-${t}-shared` }] });
    // Searched inside a folder below the shared one, the path still starts at the shared root.
    const deeper = await files.createFolder(owner.actor, shared.node.id, `r-${t}-deeper`);
    await putFile(h.services, owner.actor, deeper.node.id, `r-${t}-deep.txt`, "x");
    const [deep] = (await search(bob.actor, `r-${t}-deep.txt`, { scope: "folder", folderId: deeper.node.id })).items;
    expect(deep.crumbs.map((c) => c.name)).toEqual([`r-${t}-shared`, `r-${t}-deeper`]);
    await shareGrants.revokeGrant(owner.actor, grant.grant.id);
    expect(await names(bob.actor, `r-${t}`)).toEqual([]);

    // Trashed items leave the results (the owner's too).
    const doomed = await putFile(h.services, owner.actor, owner.rootId, `r-${t}-doomed.txt`, "x");
    await trash.trash(owner.actor, [doomed.id]);
    expect(await names(owner.actor, `r-${t}-doomed`)).toEqual([]);

    // A team: found while a member, gone once removed.
    const team = await makeTeam(h.services, owner.user.id, { members: [{ userId: bob.user.id, role: "viewer" }] });
    await putFile(h.services, owner.actor, team.rootId, `r-${t}-team.txt`, "x");
    expect(await names(bob.actor, `r-${t}-team`)).toEqual([`r-${t}-team.txt`]);
    await teams.removeMember(null, team.spaceId, bob.user.id);
    expect(await names(bob.actor, `r-${t}-team`)).toEqual([]);

    // A team shared with as a team: gone for a member who leaves it.
    const teamShare = await files.createFolder(owner.actor, owner.rootId, `r-${t}-forteam`);
    const other = await makeTeam(h.services, owner.user.id, { members: [{ userId: bob.user.id, role: "editor" }] });
    await shareGrants.grant(owner.actor, teamShare.node.id, { teamId: other.spaceId, permission: "view" });
    expect(await names(bob.actor, `r-${t}-forteam`)).toEqual([`r-${t}-forteam`]);
    await teams.removeMember(null, other.spaceId, bob.user.id);
    expect(await names(bob.actor, `r-${t}-forteam`)).toEqual([]);

    // A partner sees only what it created (and below), never the rest of the team.
    const partnerUser = await h.services.users.create(null, { username: `partner_${t}`, password: "correct horse battery", role: "partner" });
    const partner: Actor = { userId: partnerUser.id, role: "partner" };
    const work = await makeTeam(h.services, owner.user.id, { members: [{ userId: partnerUser.id, role: "partner" }] });
    const root = (await h.services.uow.repos.nodes.findById(work.rootId))!;
    const home = await h.services.uow.repos.nodes.create({ spaceId: work.spaceId, parentId: root.id, parentPath: root.path, name: `r-${t}-home`, isFolder: true, size: 0, mimeType: null, etag: newEtag(), mtime: new Date(), creatorId: partnerUser.id });
    await putFile(h.services, partner, home.id, `r-${t}-delivery.txt`, "x");
    await putFile(h.services, owner.actor, work.rootId, `r-${t}-internal.txt`, "x");
    const internalFolder = await files.createFolder(owner.actor, work.rootId, `r-${t}-internal-folder`);
    expect(await names(partner, `r-${t}`)).toEqual([`r-${t}-delivery.txt`, `r-${t}-home`]);
    expect(await names(partner, `r-${t}`, { scope: "space", spaceId: work.spaceId })).toEqual([`r-${t}-delivery.txt`, `r-${t}-home`]);
    expect(await codeOf(search(partner, "r", { scope: "folder", folderId: internalFolder.node.id }))).toBe("NOT_FOUND");
    // The team admin finds everything in the team.
    expect(await names(owner.actor, `r-${t}`, { scope: "space", spaceId: work.spaceId })).toEqual([`r-${t}-delivery.txt`, `r-${t}-home`, `r-${t}-internal-folder`, `r-${t}-internal.txt`]);

    // A credential limited to one folder searches inside it only; a link visitor cannot search.
    expect(await names({ ...owner.actor, scopeNodeId: shared.node.id }, `r-${t}`)).toEqual([`r-${t}-deep.txt`, `r-${t}-deeper`, `r-${t}-inside.txt`, `r-${t}-shared`]);
    expect(await codeOf(search({ ...owner.actor, link: { id: 1, mode: "view" } }, `r-${t}`))).toBe("FORBIDDEN");
  });

  it("indexes text, Markdown, PDF and Office files when a version is committed, with snippets, Chinese words, re-index and purge", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    const stranger = await makeUser(h.services);
    const { search: searchService, trash } = h.services;
    const notes = await putFile(h.services, me.actor, me.rootId, "notes.md", `# Plan\nThe <b>zebra${t}</b> & friends meet on Tuesday.`);
    const chinese = await putFile(h.services, me.actor, me.rootId, "会议.txt", `今天我们讨论了项目计划书和预算${t}。`);
    const pdf = await putFile(h.services, me.actor, me.rootId, "scan.pdf", await pdfWith("Quarterly figures", `The pangolin${t} report`));
    const docx = await putFile(h.services, me.actor, me.rootId, "letter.docx", docxWith(`Dear okapi${t}, thanks &amp; regards`));
    // The upload enqueued the index job for each of them.
    const due = await h.services.uow.repos.jobs.due(new Date(Date.now() + 60_000), 1000);
    for (const file of [notes, chinese, pdf, docx]) expect(due.some((j) => j.type === "search.index" && j.payload.nodeId === file.id)).toBe(true);
    for (const file of [notes, chinese, pdf, docx]) await searchService.indexFile(file.id);

    const full = (q: string, actor: Actor = me.actor) => search(actor, q, { fulltext: true });
    const [md] = (await full(`zebra${t}`)).items;
    expect(md.node.id).toBe(notes.id);
    expect(md.snippet).toContainEqual({ text: `zebra${t}`, hit: true });
    // Snippets are text, never markup: the UI escapes them and marks the hits.
    expect(md.snippet!.map((p) => p.text).join("")).toContain("<b>");
    expect((await full(`pangolin${t}`)).items.map((i) => i.node.id)).toEqual([pdf.id]);
    expect((await full(`okapi${t}`)).items.map((i) => i.node.id)).toEqual([docx.id]);
    // A Chinese word inside the text (no spaces around it), and a longer phrase.
    expect((await full("计划书")).items.map((i) => i.node.id)).toContain(chinese.id);
    expect((await full(`项目计划`)).items.find((i) => i.node.id === chinese.id)?.snippet).toContainEqual({ text: "项目计划", hit: true });
    expect((await full("计划表")).items.map((i) => i.node.id)).not.toContain(chinese.id);
    // As-you-type: the last word is a prefix.
    expect((await full(`pango`)).items.map((i) => i.node.id)).toContain(pdf.id);
    // Without fulltext only names match; a stranger finds nothing.
    expect((await search(me.actor, `pangolin${t}`)).items).toEqual([]);
    expect((await full(`pangolin${t}`, stranger.actor)).items).toEqual([]);

    // A new version replaces the text.
    await putFile(h.services, me.actor, me.rootId, "notes.md", `now about the aardvark${t}`, { onConflict: "replace" });
    await searchService.indexFile(notes.id);
    expect((await full(`zebra${t}`)).items).toEqual([]);
    expect((await full(`aardvark${t}`)).items.map((i) => i.node.id)).toEqual([notes.id]);

    // Trashed: not found; purged: its text is gone with the node.
    await trash.trash(me.actor, [pdf.id]);
    expect((await full(`pangolin${t}`)).items).toEqual([]);
    await trash.purge(me.actor, [pdf.id]);
    expect(await h.services.uow.repos.search.indexedVersion(pdf.id)).toBeNull();
    expect((await h.services.uow.repos.search.textOf([pdf.id])).size).toBe(0);

    // The backfill indexes files that have no text yet.
    await h.services.uow.repos.search.removeText(docx.id);
    await searchService.reindexAll();
    expect((await full(`okapi${t}`)).items.map((i) => i.node.id)).toEqual([docx.id]);
  });

  it("keeps full text right through copies (text copied, not re-extracted), moves, renames and restores", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    const { files, trash, search: searchService, uow } = h.services;
    const full = async (q: string) => (await search(me.actor, q, { fulltext: true })).items.map((i) => i.node.id).sort((a, b) => a - b);
    const indexJobs = async () => (await uow.repos.jobs.due(new Date(Date.now() + 60_000), 10_000)).filter((j) => j.type === "search.index").map((j) => Number(j.payload.nodeId));
    const folder = await files.createFolder(me.actor, me.rootId, `src-${t}`);
    const pdf = await putFile(h.services, me.actor, folder.node.id, "scan.pdf", await pdfWith(`The wombat${t} report`));
    await searchService.indexFile(pdf.id);

    // A copy of an indexed file is found at once, with no index job of its own: its text row was copied.
    const [copy] = await files.copy(me.actor, [pdf.id], me.rootId);
    expect(await full(`wombat${t}`)).toEqual([pdf.id, copy.node.id]);
    expect(await indexJobs()).not.toContain(copy.node.id);
    const copyVersion = (await uow.repos.nodes.findById(copy.node.id))!.currentVersionId;
    expect(await uow.repos.search.indexedVersion(copy.node.id)).toBe(copyVersion);
    // A folder copied (copyTo, as WebDAV COPY does): the files inside keep their text too.
    const { entry: folderCopy } = await files.copyTo(me.actor, folder.node.id, me.rootId, `dst-${t}`, { overwrite: false });
    const [inner] = (await files.list(me.actor, folderCopy.node.id)).items;
    expect(await full(`wombat${t}`)).toEqual([pdf.id, copy.node.id, inner.node.id]);

    // A copy made before its source was indexed gets its own index job, and is found once it has run.
    const fresh = await putFile(h.services, me.actor, me.rootId, "fresh.md", `about the quokka${t}`);
    const [early] = await files.copy(me.actor, [fresh.id], folder.node.id);
    expect(await indexJobs()).toContain(early.node.id);
    await searchService.indexFile(fresh.id);
    await searchService.indexFile(early.node.id);
    expect(await full(`quokka${t}`)).toEqual([fresh.id, early.node.id]);

    // Renamed and moved: still found by its text (the text row follows the node id), and by its new name.
    await files.rename(me.actor, copy.node.id, `renamed-${t}.pdf`);
    await files.move(me.actor, [copy.node.id], folder.node.id);
    expect(await full(`wombat${t}`)).toContain(copy.node.id);
    expect((await search(me.actor, `renamed-${t}`, { scope: "folder", folderId: folder.node.id })).items.map((i) => i.node.id)).toEqual([copy.node.id]);
    // Trashed: gone; restored: found again without re-indexing.
    await trash.trash(me.actor, [copy.node.id]);
    expect(await full(`wombat${t}`)).not.toContain(copy.node.id);
    await trash.restore(me.actor, [copy.node.id]);
    expect(await full(`wombat${t}`)).toContain(copy.node.id);
  });

  it.runIf(provider === "sqlite")("answers alike with SQLite's narrow (row by row) and wide (index-driven) plans", async () => {
    const t = tag();
    const me = await makeUser(h.services);
    const { files } = h.services;
    const sub = await files.createFolder(me.actor, me.rootId, `plan-${t}`);
    for (const name of [`Alpha-${t}.pdf`, `alpha beta ${t}.jpg`, `Ärger ${t}.txt`, `报告 ${t}.md`, `x${t}y.zip`]) {
      await putFile(h.services, me.actor, me.rootId, name, "x");
      await putFile(h.services, me.actor, sub.node.id, `in ${name}`, "xx");
    }
    const subPath = (await h.services.uow.repos.nodes.findById(sub.node.id))!.path;
    const db = createDb(`file:${path.join(h.dataDir, "haven.db")}`);
    const narrow = new SqliteSearchRepository(db, Number.MAX_SAFE_INTEGER);
    const wide = new SqliteSearchRepository(db, 0);
    const cases: Partial<SearchQuery>[] = [
      { nameWords: ["alpha"] },
      { nameWords: ["alpha", t] },
      { nameWords: ["ärger"] },
      { nameWords: ["报告"] },
      { nameWords: [t], areas: [{ spaceId: me.spaceId, path: subPath }] },
      { nameWords: [t], filters: { minSize: 2 } },
      { nameWords: [t], beforeId: sub.node.id + 6 },
      { nameWords: ["al", t.slice(0, 2)] },
    ];
    try {
      for (const c of cases) {
        const query: SearchQuery = { areas: [{ spaceId: me.spaceId }], nameWords: [], content: null, filters: {}, beforeId: null, limit: 50, ...c };
        const expected = await narrow.findIds(query);
        expect(expected.length, JSON.stringify(c)).toBeGreaterThan(0);
        expect(await wide.findIds(query), JSON.stringify(c)).toEqual(expected);
      }
    } finally {
      await db.$disconnect();
    }
  });

  it.runIf(provider === "sqlite")("keeps its SQLite triggers after every migration (a rebuild of Node would drop them)", async () => {
    const db = new Database(path.join(h.dataDir, "haven.db"), { readonly: true });
    const rows = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map((r) => r.name);
    db.close();
    expect(rows).toEqual(expect.arrayContaining(["Node_nameFts_insert", "Node_nameFts_delete", "Node_nameFts_update", "SearchContent_fts_insert", "SearchContent_fts_delete", "SearchContent_fts_update"]));
  });
});
