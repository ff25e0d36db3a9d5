import { describe, expect, it } from "vitest";
import { ocsDocument, ocsStatus, toXml } from "./ocs";

describe("OCS envelopes", () => {
  it("v1 answers HTTP 200 with statuscode 100, and keeps 200 for failures", () => {
    expect(ocsStatus(1, 200)).toEqual({ http: 200, code: 100 });
    expect(ocsStatus(1, 404)).toEqual({ http: 200, code: 404 });
    expect(ocsStatus(1, 997)).toEqual({ http: 401, code: 997 });
  });

  it("v2 uses the status as both HTTP status and statuscode", () => {
    expect(ocsStatus(2, 200)).toEqual({ http: 200, code: 200 });
    expect(ocsStatus(2, 404)).toEqual({ http: 404, code: 404 });
    expect(ocsStatus(2, 997)).toEqual({ http: 401, code: 997 });
    expect(ocsStatus(2, 100)).toEqual({ http: 400, code: 100 });
  });

  it("v1 meta carries totalitems and itemsperpage, v2 does not", () => {
    expect(ocsDocument(1, { status: 200, data: {} }).ocs.meta).toEqual({ status: "ok", statuscode: 100, message: "OK", totalitems: "", itemsperpage: "" });
    expect(ocsDocument(2, { status: 403, message: "no", data: [] }).ocs.meta).toEqual({ status: "failure", statuscode: 403, message: "no" });
  });

  it("writes XML as Nextcloud does: list items as <element>, booleans as 1 or empty, text escaped", () => {
    const xml = toXml({ ocs: { data: { a: true, b: false, c: ["x<y", 2], d: {} } } }, 0);
    expect(xml).toBe("<ocs>\n <data>\n  <a>1</a>\n  <b/>\n  <c>\n   <element>x&lt;y</element>\n   <element>2</element>\n  </c>\n  <d/>\n </data>\n</ocs>\n");
  });
});
