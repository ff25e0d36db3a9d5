import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "@/lib/domain/errors";
import { parseXml, serialize } from "./xml";
import { parseSegments } from "./resource";

describe("WebDAV XML", () => {
  it("resolves namespaces, default and prefixed", () => {
    const root = parseXml('<a:propfind xmlns:a="DAV:"><prop xmlns="urn:x"><b/></prop></a:propfind>');
    expect([root.ns, root.local]).toEqual(["DAV:", "propfind"]);
    const prop = root.children[0] as { ns: string; local: string };
    expect([prop.ns, prop.local]).toEqual(["urn:x", "prop"]);
  });

  it("refuses malformed XML, unbound or emptied prefixes and DTDs", () => {
    for (const bad of ["", "<a>", "<a></b>", "<x:a/>", '<a xmlns:bar=""><bar:b/></a>', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "<a>&nope;</a>", "<a/><b/>"]) {
      expect(() => parseXml(bad), bad).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });

  it("serializes values as self-contained XML that parses back to the same tree", () => {
    const src = '<w xmlns:p="urn:p" xmlns="urn:d"><p:a p:at="1" plain="&lt;2&gt;">t &amp; 𐀀</p:a><b xmlns=""/></w>';
    const again = parseXml(`<w>${serialize(parseXml(src).children)}</w>`);
    expect(again).toEqual({ ...parseXml(src), ns: "" });
  });

  it("never throws anything but a DomainError on arbitrary input", () => {
    const piece = fc.constantFrom("<a>", "</a>", "<x:b xmlns:x='u'>", "</x:b>", "<c/>", "&amp;", "&x;", "<!--", "-->", "<![CDATA[", "]]>", "<?p?>", "xmlns=''", '"', "=", " ");
    const text = fc.oneof(fc.string({ maxLength: 50 }), fc.array(piece, { maxLength: 30 }).map((a) => a.join("")));
    fc.assert(
      fc.property(text, (s) => {
        try {
          parseXml(s);
        } catch (e) {
          if (!isDomainError(e)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("WebDAV paths", () => {
  it("decode names and refuse anything that could leave the space", () => {
    expect(parseSegments("/a%20b/%E5%AD%A3/")).toEqual(["a b", "季"]);
    for (const bad of ["/..", "/%2e%2e", "/%2E%2e/x", "/.", "/a%2fb", "/a%5Cb", "/a%00b", "/%zz"]) {
      expect(() => parseSegments(bad), bad).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });
});
