import { describe, expect, it } from "vitest";
import { searchQuery } from "./search-query";

describe("a search's parameters (GET /api/search)", () => {
  it("parses numbers, dates and flags from the query string", () => {
    expect(searchQuery.parse({ q: "tax", scope: "folder", folderId: "12", minSize: "10", maxSize: "20", modifiedAfter: "2026-01-02", fulltext: "1", type: "document" })).toMatchObject({
      q: "tax",
      scope: "folder",
      folderId: 12,
      minSize: 10,
      maxSize: 20,
      modifiedAfter: new Date("2026-01-02T00:00:00Z"),
      fulltext: true,
      type: "document",
    });
    expect(searchQuery.parse({})).toMatchObject({ q: "", scope: "all" });
    expect(searchQuery.parse({ tags: "3,7,3" }).tags).toEqual([3, 7]);
    expect(searchQuery.parse({ tags: "" }).tags).toEqual([]);
  });

  it("refuses what makes no sense", () => {
    for (const bad of [{ scope: "folder" }, { scope: "space" }, { type: "spreadsheet" }, { minSize: "-1" }, { minSize: "5", maxSize: "4" }, { modifiedAfter: "yesterday" }, { q: "x".repeat(201) }, { owner: "alice" }, { tags: "1,x" }, { tags: "0" }, { tags: "1,2,3,4,5,6,7,8,9,10,11" }]) {
      expect(searchQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
