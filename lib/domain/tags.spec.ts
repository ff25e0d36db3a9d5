import { describe, expect, it } from "vitest";
import { MAX_TAG_NAME, tagColor, tagName } from "./tags";

describe("tag names and colours", () => {
  it("trims and normalises names, refusing empty, overlong and control characters", () => {
    expect(tagName("  work  ")).toBe("work");
    expect(tagName("cafe\u0301")).toBe("café");
    expect(tagName("重要".repeat(25))).toHaveLength(MAX_TAG_NAME);
    expect(() => tagName("   ")).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
    expect(() => tagName("x".repeat(MAX_TAG_NAME + 1))).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
    expect(() => tagName("a\u0007b")).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
  });

  it("accepts only the palette's colours", () => {
    expect(tagColor("teal")).toBe("teal");
    expect(() => tagColor("#ff0000")).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});
