import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("natural name sort on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const names = async (actor: Actor, folderId: number, order: "asc" | "desc" = "asc") =>
    (await h.services.files.list(actor, folderId, { sort: "name", order })).items.map((e) => e.node.name);

  /** Every page of a listing, `limit` at a time, following nextCursor. */
  async function paged(actor: Actor, folderId: number, limit: number, order: "asc" | "desc" = "asc", between?: () => Promise<void>): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.services.files.list(actor, folderId, { sort: "name", order, limit, cursor });
      out.push(...page.items.map((e) => e.node.name));
      cursor = page.nextCursor;
      await between?.();
    } while (cursor);
    return out;
  }

  it("lists folders first, then names case-insensitively with numbers by value, and pages by the same key", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const { files } = h.services;
    const box = await files.createFolder(actor, rootId, "box");
    for (const f of ["Zoo", "apple", "Dir10", "dir9"]) await files.createFolder(actor, box.node.id, f);
    for (const f of ["Beta", "alpha", "file10", "file2", "File1", "émile", "file02.txt", "Gamma"]) await putFile(h.services, actor, box.node.id, f, "x");
    const expected = ["apple", "dir9", "Dir10", "Zoo", "alpha", "Beta", "émile", "File1", "file2", "file02.txt", "file10", "Gamma"];
    expect(await names(actor, box.node.id)).toEqual(expected);
    expect(await names(actor, box.node.id, "desc")).toEqual([...expected.slice(0, 4)].reverse().concat([...expected.slice(4)].reverse()));
    for (const limit of [1, 3, 5]) expect(await paged(actor, box.node.id, limit)).toEqual(expected);
    expect(await paged(actor, box.node.id, 5, "desc")).toEqual(await names(actor, box.node.id, "desc"));
  });

  it("keeps the key on rename, move, copy and restore, and a page cursor survives inserts before it", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const { files, trash } = h.services;
    const box = await files.createFolder(actor, rootId, "box");
    const other = await files.createFolder(actor, rootId, "other");
    const a = await putFile(h.services, actor, box.node.id, "a2", "x");
    await putFile(h.services, actor, box.node.id, "a10", "x");
    const b = await putFile(h.services, actor, other.node.id, "A3", "x");
    const c = await putFile(h.services, actor, other.node.id, "a11", "x");
    await files.rename(actor, a.id, "A20");
    await files.move(actor, [b.id], box.node.id);
    await files.copy(actor, [c.id], box.node.id);
    const gone = await putFile(h.services, actor, box.node.id, "a1", "x");
    await trash.trash(actor, [gone.id]);
    await trash.restore(actor, [gone.id]);
    await files.moveTo(actor, c.id, box.node.id, "a100", { overwrite: false });
    expect(await names(actor, box.node.id)).toEqual(["a1", "A3", "a10", "a11", "A20", "a100"]);
    // Names added before the current page while paging neither repeat nor push others out.
    let n = 0;
    const seen = await paged(actor, box.node.id, 2, "asc", async () => {
      await putFile(h.services, actor, box.node.id, `a0${n++}`, "x");
    });
    expect(seen).toEqual(["a1", "A3", "a10", "a11", "A20", "a100"]);
  });

  it("computes the keys of rows stored before the column existed", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const box = await h.services.files.createFolder(actor, rootId, "box");
    const made: { id: number }[] = [];
    for (const f of ["b", "C", "a10", "a9"]) made.push(await putFile(h.services, actor, box.node.id, f, "x"));
    // What the migration leaves behind: an empty key on every existing row.
    await h.services.uow.transaction((repos) => repos.nodes.setSortKeys(made.map((m) => ({ id: m.id, sortKey: "" }))));
    expect(await h.services.files.backfillSortKeys()).toBeGreaterThanOrEqual(made.length);
    expect(await names(actor, box.node.id)).toEqual(["a9", "a10", "b", "C"]);
    expect(await h.services.files.backfillSortKeys()).toBe(0);
  });
});
