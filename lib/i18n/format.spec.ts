import { describe, expect, it } from "vitest";
import { formatBytes } from "./format";

describe("formatBytes", () => {
  it("names binary multiples as binary units (a quota typed in GiB reads back in GiB)", () => {
    expect(formatBytes(0, "en")).toBe("0 B");
    expect(formatBytes(1023, "en")).toBe("1,023 B");
    expect(formatBytes(1536, "en")).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 2, "en")).toBe("5 MiB");
    expect(formatBytes(10 * 1024 ** 3, "en")).toBe("10 GiB");
    expect(formatBytes(2.5 * 1024 ** 4, "zh-CN")).toBe("2.5 TiB");
  });

  it("shows a dash for what is not a size", () => {
    expect(formatBytes(-1, "en")).toBe("—");
    expect(formatBytes(Number.NaN, "en")).toBe("—");
  });
});
