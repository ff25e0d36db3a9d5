import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "@/lib/domain/errors";
import { parseDepth, parseDestination, parseIf, parseLockToken, parseOverwrite, parseTimeout, submittedTokens } from "./headers";

/** Either a result or a DomainError: nothing else may escape a header parser. */
function onlyDomainErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isDomainError(e)) throw e;
  }
}

describe("If header (RFC 4918 §10.4)", () => {
  it("parses untagged and tagged lists with Not, state tokens and entity tags", () => {
    expect(parseIf('(<urn:uuid:1> ["e1"]) (Not <DAV:no-lock>)')).toEqual([
      { resource: null, conditions: [{ not: false, token: "urn:uuid:1" }, { not: false, etag: '"e1"' }] },
      { resource: null, conditions: [{ not: true, token: "DAV:no-lock" }] },
    ]);
    expect(parseIf('<http://h/dav/a> (<t1>) (W/"x") <http://h/dav/b> ([W/"y"])'.replace('(W/"x")', '([W/"x"])'))).toEqual([
      { resource: "http://h/dav/a", conditions: [{ not: false, token: "t1" }] },
      { resource: "http://h/dav/a", conditions: [{ not: false, etag: 'W/"x"' }] },
      { resource: "http://h/dav/b", conditions: [{ not: false, etag: 'W/"y"' }] },
    ]);
    expect(submittedTokens(parseIf("<http://h/w> (<a>) (Not <b>) <http://h/x> (<c>)"))).toEqual(["a", "c"]);
  });

  it("refuses malformed headers", () => {
    for (const bad of ["", "(", "()", "(<a>", "<http://h/a>", "(<a>) <http://h/b> (<c>)", "([e])", "(<>)", "x", "(Not)", '(["unterminated)']) {
      expect(() => parseIf(bad), bad).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });

  it("never throws anything but a DomainError on arbitrary input", () => {
    const alphabet = fc.constantFrom(..."()<>[]\"NotW/ :ab-".split(""), "Not ");
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(""))), (s) => onlyDomainErrors(() => parseIf(s))), { numRuns: 2000 });
  });
});

describe("other WebDAV headers", () => {
  it("parse Depth, Overwrite, Timeout and Lock-Token", () => {
    expect(parseDepth(undefined, "infinity")).toBe("infinity");
    expect(parseDepth("Infinity", "0")).toBe("infinity");
    expect(() => parseDepth("2", "0")).toThrow();
    expect(parseOverwrite(undefined)).toBe(true);
    expect(parseOverwrite("f")).toBe(false);
    expect(() => parseOverwrite("yes")).toThrow();
    expect(parseTimeout("Infinite, Second-4100000000")).toBe(Number.POSITIVE_INFINITY);
    expect(parseTimeout("Second-60")).toBe(60);
    expect(parseTimeout("garbage")).toBeNull();
    expect(parseLockToken("<urn:uuid:abc>")).toBe("urn:uuid:abc");
    expect(() => parseLockToken("urn:uuid:abc")).toThrow();
  });

  it("parse Destination as a path on this host, or flag another host", () => {
    expect(parseDestination("http://localhost:3000/dav/a%20b?x=1", "localhost:3000")).toEqual({ rawPath: "/dav/a%20b" });
    expect(parseDestination("/dav/x", "h")).toEqual({ rawPath: "/dav/x" });
    expect(parseDestination("https://user@other:1/dav/x", "localhost:3000")).toEqual({ otherHost: true });
    expect(() => parseDestination(undefined, "h")).toThrow();
    expect(() => parseDestination("ftp://h/x", "h")).toThrow();
  });

  it("never throw anything but a DomainError on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), (s, host) => {
        onlyDomainErrors(() => parseDepth(s, "0"));
        onlyDomainErrors(() => parseOverwrite(s));
        onlyDomainErrors(() => parseTimeout(s));
        onlyDomainErrors(() => parseLockToken(s));
        onlyDomainErrors(() => parseDestination(s, host));
      }),
      { numRuns: 2000 },
    );
  });
});
