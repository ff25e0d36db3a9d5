import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";

/** XML-ish fragments, so generated bodies get deep into the parsers instead of failing at the first byte. */
const fragment = fc.oneof(
  fc.constantFrom(
    '<d:propfind xmlns:d="DAV:">', "</d:propfind>", "<d:prop>", "</d:prop>", "<d:allprop/>", "<d:propname/>", "<d:include>",
    '<d:propertyupdate xmlns:d="DAV:">', "</d:propertyupdate>", "<d:set>", "</d:set>", "<d:remove>", "</d:remove>",
    '<d:lockinfo xmlns:d="DAV:">', "</d:lockinfo>", "<d:lockscope><d:exclusive/></d:lockscope>", "<d:lockscope><d:shared/></d:lockscope>",
    "<d:locktype><d:write/></d:locktype>", "<d:owner>", "</d:owner>", '<x:p xmlns:x="urn:x">', "</x:p>", '<q xmlns="">', "</q>",
    "<bar:foo xmlns:bar=\"\"/>", "<![CDATA[ ]]>", "<!-- c -->", "&amp;", "&bogus;", "<?xml version=\"1.0\"?>", '<!DOCTYPE d [<!ENTITY e "x">]>', "\u0000", "𐀀", "<", ">",
  ),
  fc.string({ maxLength: 12 }),
);
const xmlBody = fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(""));

const headerValue = fc.oneof(
  fc.constantFrom("0", "1", "infinity", "T", "F", "Infinite", "Second-5", "(<urn:uuid:x>)", "(Not <DAV:no-lock>)", '(["e"])', "<http://h/dav/x> (<t>)", "<", "(", "[", "Not"),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n\0]/g, "")),
  fc.stringMatching(/^[()<>[\]"A-Za-z:/ -]{0,40}$/),
);
const method = fc.constantFrom("PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "MKCOL", "COPY", "MOVE", "PUT", "DELETE", "GET");
const path = fc.constantFrom("/dav/", "/dav/fz/", "/dav/fz/f.txt", "/dav/fz/missing", "/dav/%2e%2e/x", "/dav/a%2fb", "/dav/%ff", "/dav/fz/f.txt/x");

describe("WebDAV bad input never yields a 5xx", () => {
  const { dav } = useDavServer();
  beforeAll(async () => {
    await dav.mkcol("/dav/fz/");
    await dav.put("/dav/fz/f.txt", "fuzz");
  });

  it("fuzzed PROPFIND, PROPPATCH and LOCK bodies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("PROPFIND", "PROPPATCH", "LOCK"), path, xmlBody, async (m, p, body) => {
        const res = await dav.req(m, p, { body, headers: { depth: "0" } });
        expect(res.status, `${m} ${p} ${JSON.stringify(body)}`).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
  });

  it("fuzzed Depth, Destination, Overwrite, If, Timeout and Lock-Token headers", async () => {
    const headers = fc.record(
      { depth: headerValue, destination: fc.oneof(headerValue, fc.constantFrom("/dav/fz/g.txt", `http://x/dav/y`, "/dav/../x", "//evil/x", "/dav/%zz")), overwrite: headerValue, if: headerValue, timeout: headerValue, "lock-token": headerValue },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(method, path, headers, async (m, p, h) => {
        const res = await dav.req(m, p, { headers: h, body: m === "PUT" ? "x" : m === "LOCK" ? '<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:shared/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>' : undefined });
        expect(res.status, `${m} ${p} ${JSON.stringify(h)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a huge body with 413", async () => {
    const res = await dav.req("PROPFIND", "/dav/", { headers: { depth: "0" }, body: `<d:propfind xmlns:d="DAV:"><d:prop>${"<d:getetag/>".repeat(200_000)}</d:prop></d:propfind>` });
    expect(res.status).toBe(413);
  });
});
