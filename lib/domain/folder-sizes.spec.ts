import { describe, expect, it } from "vitest";
import { folderSizeMismatches, type SizedNode } from "./folder-sizes";

const folder = (id: number, parentId: number | null, size: number, live = true): SizedNode => ({ id, parentId, isFolder: true, size, live });
const file = (id: number, parentId: number, size: number, live = true): SizedNode => ({ id, parentId, isFolder: false, size, live });

describe("folderSizeMismatches", () => {
  it("accepts a tree whose folders hold their live subtree's bytes", () => {
    const tree = [folder(1, null, 30), folder(2, 1, 20), file(3, 2, 20), file(4, 1, 10), file(5, 1, 99, false), folder(6, 1, 7, false), file(7, 6, 7, false)];
    expect(folderSizeMismatches(tree)).toEqual([]);
  });

  it("finds each folder whose size is wrong, with the right figure", () => {
    const tree = [folder(1, null, 31), folder(2, 1, 5), file(3, 2, 20), file(4, 1, 10), folder(8, 2, 0)];
    expect(folderSizeMismatches(tree)).toEqual([
      { id: 1, recorded: 31, actual: 30 },
      { id: 2, recorded: 5, actual: 20 },
    ]);
  });

  it("does not check inside trashed or hidden subtrees", () => {
    const tree = [folder(1, null, 0), folder(2, 1, 123, false), folder(3, 2, 456), file(4, 3, 1)];
    expect(folderSizeMismatches(tree)).toEqual([]);
  });
});
