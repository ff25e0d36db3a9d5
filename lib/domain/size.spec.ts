import { describe, expect, it } from "vitest";
import { formatSize, parseSize } from "./size";

describe("parseSize", () => {
  it.each([
    ["100GiB", 100 * 1024 ** 3],
    ["1.5 GB", 1.5e9],
    ["2048", 2048],
    ["10m", 10 * 1024 ** 2],
    ["unlimited", null],
  ])("%s", (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it("rejects nonsense", () => {
    expect(() => parseSize("ten gigs")).toThrow(/not a size/);
    expect(() => parseSize("-5GB")).toThrow(/not a size/);
  });
});

describe("formatSize", () => {
  it("uses binary units", () => {
    expect(formatSize(512)).toBe("512 B");
    expect(formatSize(1536)).toBe("1.5 KiB");
    expect(formatSize(100 * 1024 ** 3)).toBe("100 GiB");
  });
});
