import { describe, expect, it } from "vitest";
import { sortKeyOf } from "./sort-key";

const byKey = (names: string[]) => [...names].sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? -1 : sortKeyOf(a) > sortKeyOf(b) ? 1 : a < b ? -1 : a > b ? 1 : 0));

describe("sortKeyOf", () => {
  it("sorts case-insensitively", () => {
    expect(byKey(["Beta", "alpha", "Gamma", "delta"])).toEqual(["alpha", "Beta", "delta", "Gamma"]);
  });

  it("sorts digit runs by value", () => {
    expect(byKey(["file10", "file2", "file1", "file100", "file20"])).toEqual(["file1", "file2", "file10", "file20", "file100"]);
    expect(byKey(["v1.10.0", "v1.9.2", "v1.9.10"])).toEqual(["v1.9.2", "v1.9.10", "v1.10.0"]);
    expect(byKey(["IMG_0010.jpg", "IMG_9.jpg", "IMG_0100.jpg"])).toEqual(["IMG_9.jpg", "IMG_0010.jpg", "IMG_0100.jpg"]);
  });

  it("ignores leading zeros and accents, but keeps the names apart by the tie-break", () => {
    expect(sortKeyOf("file02")).toBe(sortKeyOf("file2"));
    expect(sortKeyOf("Résumé")).toBe(sortKeyOf("resume"));
    expect(sortKeyOf("0")).toBe("0010");
    expect(byKey(["file2", "file02", "file002"])).toEqual(["file002", "file02", "file2"]);
  });

  it("normalises compatibility forms and lower-cases beyond ASCII", () => {
    expect(sortKeyOf("Ｆｉｌｅ２")).toBe(sortKeyOf("file2"));
    expect(sortKeyOf("ΑΒΓ")).toBe("αβγ");
    expect(byKey(["Zebra", "émile", "Eve"])).toEqual(["émile", "Eve", "Zebra"]);
  });

  it("keeps the key short enough to index even for a name of many numbers", () => {
    const worst = Array.from({ length: 128 }, () => "1").join(" ");
    expect(Buffer.byteLength(sortKeyOf(worst))).toBeLessThan(700);
    expect(sortKeyOf("9".repeat(255))).toBe(`255${"9".repeat(255)}`);
  });
});
