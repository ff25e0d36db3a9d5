import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { editorUrl, officeExtensions, parseDiscovery } from "./wopi-discovery";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const SRC = "https://haven.example/wopi/files/42";

describe("WOPI discovery", () => {
  const collabora = parseDiscovery(fixture("collabora-discovery.xml"));
  const onlyoffice = parseDiscovery(fixture("onlyoffice-discovery.xml"));

  it("reads every action of Collabora's document, with lower-case extensions", () => {
    expect(collabora).toHaveLength(5);
    expect(collabora[0]).toEqual({ app: "writer", name: "edit", ext: "odt", urlsrc: "http://office.example:9980/browser/2c5b7e1/cool.html?" });
    expect(officeExtensions(collabora)).toEqual(["doc", "docx", "odt"]);
  });

  it("builds Collabora's editor URL: edit for writers, view when only view exists, by MIME type for per-type apps", () => {
    expect(editorUrl(collabora, { name: "Report.ODT", mimeType: null }, true, SRC)).toEqual({
      url: `http://office.example:9980/browser/2c5b7e1/cool.html?WOPISrc=${encodeURIComponent(SRC)}`,
      mode: "edit",
    });
    expect(editorUrl(collabora, { name: "old.doc", mimeType: null }, true, SRC)?.mode).toBe("view");
    expect(editorUrl(collabora, { name: "sheet", mimeType: "application/vnd.oasis.opendocument.spreadsheet" }, true, SRC)?.mode).toBe("edit");
    expect(editorUrl(collabora, { name: "notes.txt", mimeType: "text/plain" }, true, SRC)).toBeNull();
    // A reader gets Collabora's only (edit) action; CheckFileInfo keeps it read-only.
    expect(editorUrl(collabora, { name: "Report.odt", mimeType: null }, false, SRC)?.mode).toBe("view");
  });

  it("drops OnlyOffice's optional placeholders and gives readers the view action", () => {
    const reader = editorUrl(onlyoffice, { name: "a.docx", mimeType: null }, false, SRC);
    expect(reader).toEqual({ url: `https://docs.example/hosting/wopi/word/view?&WOPISrc=${encodeURIComponent(SRC)}`, mode: "view" });
    expect(editorUrl(onlyoffice, { name: "a.docx", mimeType: null }, true, SRC)?.url).toBe(`https://docs.example/hosting/wopi/word/edit?&WOPISrc=${encodeURIComponent(SRC)}`);
    expect(editorUrl(onlyoffice, { name: "b.xlsx", mimeType: null }, true, SRC)?.url).toBe(`https://docs.example/hosting/wopi/cell/view?WOPISrc=${encodeURIComponent(SRC)}`);
  });

  it("refuses what is not a discovery document", () => {
    expect(() => parseDiscovery("<html><body>502</body></html>")).toThrow(/discovery/);
    expect(() => parseDiscovery("not xml <")).toThrow();
  });
});
