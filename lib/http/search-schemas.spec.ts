import { describe, expect, it } from "vitest";
import { searchQuery } from "./search-schemas";

describe("GET /api/search query", () => {
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
  });

  it("refuses what makes no sense", () => {
    for (const bad of [{ scope: "folder" }, { scope: "space" }, { type: "spreadsheet" }, { minSize: "-1" }, { minSize: "5", maxSize: "4" }, { modifiedAfter: "yesterday" }, { q: "x".repeat(201) }, { owner: "alice" }]) {
      expect(searchQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
