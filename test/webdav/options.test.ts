import { describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";

describe("WebDAV OPTIONS", () => {
  const { dav } = useDavServer();

  it("answers without authentication on every mount, advertising class 1 and 2", async () => {
    for (const path of ["/dav/", "/dav/anything/below", "/remote.php/webdav/", "/remote.php/dav/files/admin/"]) {
      const res = await dav.anonymous().req("OPTIONS", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("dav")).toBe("1, 2");
      expect(res.headers.get("ms-author-via")).toBe("DAV");
      expect(res.headers.get("allow")!.split(/,\s*/).sort()).toEqual(
        ["COPY", "DELETE", "GET", "HEAD", "LOCK", "MKCOL", "MOVE", "OPTIONS", "PROPFIND", "PROPPATCH", "PUT", "REPORT", "UNLOCK"].sort(),
      );
    }
  });

  it("leaves other paths to the rest of the app", async () => {
    expect((await dav.anonymous().req("GET", "/api/health")).status).toBe(200);
    expect((await dav.anonymous().req("PROPFIND", "/davx/")).status).not.toBe(207);
  });
});
