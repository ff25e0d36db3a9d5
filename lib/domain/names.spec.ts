import { describe, expect, it } from "vitest";
import { nameProblem, numberedName, pathSegments, zipSafeName } from "./names";

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
    ["a\nb", /control characters/],
    ["a\rb", /control characters/],
    ["tab\tname", /control characters/],
    ["bell\u0007", /control characters/],
    ["\u001fx", /control characters/],
    ["del\u007f", /control characters/],
    ["evil\u202etxt.exe", /text-direction/],
    ["\u202aembedded", /text-direction/],
    ["iso\u2066late\u2069", /text-direction/],
    ["x\u2068y", /text-direction/],
  ])("rejects %j with a reason", (name, reason) => {
    expect(nameProblem(name)).toMatch(reason);
  });

  it.each(["report.pdf", ".hidden", "报告 2024.docx", "x".repeat(255), "界".repeat(85), "a..b", "Case.TXT", "C:", "C:report.txt", "שלום.txt", "a\u200db", "\u0080x"])("accepts %j", (name) => {
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

describe("zipSafeName", () => {
  it("keeps a legal name from looking like a drive-absolute zip path", () => {
    expect(zipSafeName("C:")).toBe("C_");
    expect(zipSafeName("c:notes.txt")).toBe("c_notes.txt");
    expect(zipSafeName("report: final")).toBe("report: final");
    expect(zipSafeName("报告")).toBe("报告");
  });
});
