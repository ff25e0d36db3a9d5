import { describe, expect, it } from "vitest";
import { nameProblem, numberedName, pathSegments } from "./names";

describe("nameProblem", () => {
  it.each([
    ["", /empty/],
    [".", /not allowed/],
    ["..", /not allowed/],
    ["a/b", /"\/"/],
    ["a\\b", /"\\"/],
    ["a\0b", /NUL/],
    ["x".repeat(256), /255 bytes/],
    ["界".repeat(86), /255 bytes/],
  ])("rejects %j with a reason", (name, reason) => {
    expect(nameProblem(name)).toMatch(reason);
  });

  it.each(["report.pdf", ".hidden", "报告 2024.docx", "x".repeat(255), "界".repeat(85), "a..b", "Case.TXT"])("accepts %j", (name) => {
    expect(nameProblem(name)).toBeNull();
  });
});

describe("numberedName", () => {
  it("numbers before the extension and skips taken numbers", () => {
    const taken = new Set(["report (1).pdf"]);
    expect(numberedName("report.pdf", (c) => taken.has(c))).toBe("report (2).pdf");
    expect(numberedName("folder", () => false)).toBe("folder (1)");
    expect(numberedName(".bashrc", () => false)).toBe(".bashrc (1)");
    expect(numberedName("archive.tar.gz", () => false)).toBe("archive.tar (1).gz");
  });
});

describe("pathSegments", () => {
  it("splits relative upload paths and validates each part", () => {
    expect(pathSegments("photos/2024/a.jpg")).toEqual(["photos", "2024", "a.jpg"]);
    expect(() => pathSegments("photos/../etc/passwd")).toThrow(/not allowed/);
  });
});
