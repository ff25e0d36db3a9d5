import { describe, expect, it } from "vitest";
import { belowPrefix, lockCovers, pathChain } from "./locks";

describe("lock paths", () => {
  it("lists a path's ancestors and the prefix below it", () => {
    expect(pathChain("/a/b")).toEqual(["/", "/a", "/a/b"]);
    expect(pathChain("/")).toEqual(["/"]);
    expect(belowPrefix("/")).toBe("/");
    expect(belowPrefix("/a")).toBe("/a/");
  });

  it("a lock covers its own path, and what lies below it only when deep", () => {
    expect(lockCovers({ path: "/a", deep: false }, "/a")).toBe(true);
    expect(lockCovers({ path: "/a", deep: false }, "/a/b")).toBe(false);
    expect(lockCovers({ path: "/a", deep: true }, "/a/b/c")).toBe(true);
    expect(lockCovers({ path: "/a", deep: true }, "/ab")).toBe(false);
    expect(lockCovers({ path: "/", deep: true }, "/x")).toBe(true);
    expect(lockCovers({ path: "/a/b", deep: true }, "/a")).toBe(false);
  });
});
