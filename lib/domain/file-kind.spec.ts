import { describe, expect, it } from "vitest";
import { fileKind } from "./file-kind";

const file = (name: string, mimeType: string | null = null) => ({ isFolder: false, name, mimeType });

describe("fileKind", () => {
  it.each([
    ["report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "spreadsheet"],
    ["old.xls", "application/vnd.ms-excel", "spreadsheet"],
    ["calc.ods", "application/vnd.oasis.opendocument.spreadsheet", "spreadsheet"],
    ["deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "presentation"],
    ["letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document"],
    ["letter.rtf", "application/rtf", "document"],
    ["photo.jpg", "image/jpeg", "image"],
    ["clip.webm", "video/webm", "video"],
    ["song.mp3", "audio/mpeg", "audio"],
    ["plan.pdf", "application/pdf", "pdf"],
    ["notes.md", "text/markdown", "text"],
    ["会议记录.txt", "text/plain", "text"],
    ["main.ts", "video/mp2t", "code"],
    ["data.json", "application/json", "code"],
    ["feed", "application/atom+xml", "code"],
    ["page.html", "text/html", "code"],
    ["backup.tar.gz", "application/gzip", "archive"],
    ["blob", null, "file"],
  ])("%s (%s) is %s", (name, mime, kind) => {
    expect(fileKind(file(name, mime))).toBe(kind);
  });

  it("falls back to the extension when the type is missing or vague", () => {
    expect(fileKind(file("budget.xlsx", "application/octet-stream"))).toBe("spreadsheet");
    expect(fileKind(file("budget.xlsx"))).toBe("spreadsheet");
  });

  it("knows folders", () => {
    expect(fileKind({ isFolder: true, name: "a.xlsx", mimeType: null })).toBe("folder");
  });
});
