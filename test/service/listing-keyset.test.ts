import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { sortKeyOf } from "@/lib/domain/sort-key";
import type { NodeRecord, SortKey, SortOrder } from "@/lib/domain/types";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** Keyset paging of folder listings (issue 12: a 100,000-entry folder pages without OFFSET) for every sort. */
describe.each(PROVIDERS)("listing pages by keyset on %s", (provider) => {
  let h: TestHarness;
  let actor: Actor;
  let folderId: number;
  let records: NodeRecord[];

  beforeAll(async () => {
    h = await createHarness(provider);
    const user = await makeUser(h.services);
    actor = user.actor;
    const { files } = h.services;
    folderId = (await files.createFolder(actor, user.rootId, "box")).node.id;
    for (const name of ["f-b", "F-a", "f-c"]) await files.createFolder(actor, folderId, name);
    // Sizes and mtimes with many ties, so the id has to break them.
    const days = [new Date("2024-01-01T00:00:00Z"), new Date("2025-06-01T12:00:00Z"), new Date("2023-03-03T03:03:03Z")];
    for (let i = 0; i < 30; i++) {
      const node = await putFile(h.services, actor, folderId, `file${i}.txt`, "x".repeat(i % 4));
      await h.services.uow.transaction((repos) => repos.nodes.update(node.id, { mtime: days[i % 3]! }));
    }
    records = (await h.services.files.list(actor, folderId, { limit: 1000 })).items.map((e) => e.node);
  });
  afterAll(async () => h?.close());

  /** What each sort means: folders first, then the field in `order` (by name: the natural key, then the name), ties by id in the same direction. */
  function expected(sort: SortKey, order: SortOrder): string[] {
    const sign = order === "asc" ? 1 : -1;
    const field = (n: NodeRecord) => (sort === "name" ? `${sortKeyOf(n.name)}\u0000${n.name}` : sort === "size" ? n.size : n.mtime.getTime());
    const compare = (a: NodeRecord, b: NodeRecord) => {
      if (a.isFolder !== b.isFolder) return a.isFolder ? -1 : 1;
      const [x, y] = [field(a), field(b)];
      if (x !== y) return (x < y ? -1 : 1) * sign;
      return (a.id - b.id) * sign;
    };
    return [...records].sort(compare).map((n) => n.name);
  }

  async function paged(sort: SortKey, order: SortOrder, limit: number, between?: () => Promise<void>): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.services.files.list(actor, folderId, { sort, order, limit, cursor });
      out.push(...page.items.map((e) => e.node.name));
      cursor = page.nextCursor;
      await between?.();
    } while (cursor);
    return out;
  }

  it.each([
    ["name", "asc"],
    ["name", "desc"],
    ["size", "asc"],
    ["size", "desc"],
    ["mtime", "asc"],
    ["mtime", "desc"],
  ] as const)("by %s %s: every page size gives the same order, folders first, ties by id", async (sort, order) => {
    const want = expected(sort, order);
    expect(want).toHaveLength(33);
    for (const limit of [1, 4, 7, 33, 34]) expect(await paged(sort, order, limit)).toEqual(want);
  });

  it("a size cursor survives inserts before it: nothing repeats, nothing is skipped", async () => {
    const before = await paged("size", "asc", 5);
    let n = 0;
    const seen = await paged("size", "asc", 5, async () => {
      // Size 0 sorts before every cursor after the first page.
      if (n < 3) await putFile(h.services, actor, folderId, `late${n++}.txt`, "");
    });
    expect(new Set(seen).size).toBe(seen.length);
    for (const name of before) expect(seen).toContain(name);
    for (const late of ["late0.txt", "late1.txt", "late2.txt"]) await h.services.trash.trash(actor, [(await h.services.files.list(actor, folderId, { limit: 1000 })).items.find((e) => e.node.name === late)!.node.id]);
  });

  it("refuses a cursor made for another sort, and garbage", async () => {
    const bySize = (await h.services.files.list(actor, folderId, { sort: "size", limit: 2 })).nextCursor!;
    const byName = (await h.services.files.list(actor, folderId, { sort: "name", limit: 2 })).nextCursor!;
    await expect(h.services.files.list(actor, folderId, { sort: "mtime", cursor: bySize })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(h.services.files.list(actor, folderId, { sort: "size", cursor: byName })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    for (const bad of ["x", Buffer.from("12").toString("base64url"), Buffer.from('[false,"abc",1,"size"]').toString("base64url")]) {
      await expect(h.services.files.list(actor, folderId, { sort: "size", cursor: bad })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
  });
});
