import { describe, expect, it } from "vitest";
import { newEtag } from "./etag";

describe("newEtag", () => {
  it("gives 12-character base64url values, none repeated across several refills of its random pool", () => {
    const tags = Array.from({ length: 5_000 }, () => newEtag());
    for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(new Set(tags).size).toBe(tags.length);
  });
});
