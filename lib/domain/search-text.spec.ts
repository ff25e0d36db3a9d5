import { describe, expect, it } from "vitest";
import { contentTerms, indexTextOf, nameWords, snippetOf } from "./search-text";

describe("search text", () => {
  it("indexes lower-case words without accents, and CJK runs as bigrams plus their last character", () => {
    expect(indexTextOf("Café-Report_2024.pdf")).toBe("cafe report_2024 pdf".replace("_", " "));
    expect(indexTextOf("我爱中华人民")).toBe("我爱 爱中 中华 华人 人民 民");
    expect(indexTextOf("Haven 云盘 works")).toBe("haven 云盘 盘 works");
    expect(indexTextOf("한국어")).toBe("한국 국어 어");
  });

  it("turns a query into phrases; the last word (or a lone CJK character) is a prefix", () => {
    expect(contentTerms("Annual rep")).toEqual([
      { tokens: ["annual"], prefix: false },
      { tokens: ["rep"], prefix: true },
    ]);
    expect(contentTerms("中华人民")).toEqual([{ tokens: ["中华", "华人", "人民"], prefix: false }]);
    expect(contentTerms("人")).toEqual([{ tokens: ["人"], prefix: true }]);
    expect(contentTerms("\"*:& ()")).toEqual([]);
  });

  it("splits name queries on white space", () => {
    expect(nameWords("  Annual  REPORT ")).toEqual(["annual", "report"]);
  });

  it("cuts a snippet around the first match and marks every match, as text", () => {
    const text = `${"lorem ipsum ".repeat(20)}the <b>Zebra</b> & the zebra crossing ${"dolor sit ".repeat(20)}`;
    const parts = snippetOf(text, "zebra");
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["Zebra", "zebra"]);
    expect(parts[0]).toEqual({ text: "…", hit: false });
    expect(parts.at(-1)).toEqual({ text: "…", hit: false });
    expect(parts.map((p) => p.text).join("")).toContain("<b>");
    expect(snippetOf("今天讨论项目计划书", "计划")).toEqual([
      { text: "今天讨论项目", hit: false },
      { text: "计划", hit: true },
      { text: "书", hit: false },
    ]);
    expect(snippetOf("nothing here", "zebra")).toEqual([]);
    // A short text is shown whole, its line breaks as spaces.
    expect(snippetOf("Quarterly scan\nThe pangolin was seen on Tuesday.", "pangolin")).toEqual([
      { text: "Quarterly scan The ", hit: false },
      { text: "pangolin", hit: true },
      { text: " was seen on Tuesday.", hit: false },
    ]);
    // A long one is cut at spaces, never inside a word.
    const cut = snippetOf(`${"abcdefgh ".repeat(30)}needle ${"ijklmnop ".repeat(30)}`, "needle", 40).map((p) => p.text);
    expect(cut[1]).toMatch(/^abcdefgh /);
    expect(cut.at(-2)).toMatch(/ ijklmnop$/);
  });
});
