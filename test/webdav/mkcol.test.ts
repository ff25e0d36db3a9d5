import { describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";

describe("WebDAV MKCOL", () => {
  const { dav } = useDavServer();

  it("creates folders (201) and refuses an existing target (405)", async () => {
    expect((await dav.mkcol("/dav/new/")).status).toBe(201);
    expect((await dav.mkcol("/dav/new/inner")).status).toBe(201);
    expect((await dav.mkcol("/dav/new/")).status).toBe(405);
    await dav.put("/dav/file.txt", "x");
    expect((await dav.mkcol("/dav/file.txt")).status).toBe(405);
    expect((await dav.mkcol("/dav/")).status).toBe(405);
    expect((await dav.propfind("/dav/new/inner/", "0")).text).toContain("<d:collection/>");
  });

  it("answers 409 when the parent is missing or is a file", async () => {
    expect((await dav.mkcol("/dav/missing/child/")).status).toBe(409);
    expect((await dav.mkcol("/dav/file.txt/child/")).status).toBe(409);
  });

  it("answers 415 for a body, and 400 for an invalid name", async () => {
    expect((await dav.req("MKCOL", "/dav/with-body/", { body: "<x/>", headers: { "content-type": "application/xml" } })).status).toBe(415);
    expect((await dav.propfind("/dav/with-body/", "0")).status).toBe(404);
    expect((await dav.mkcol(`/dav/${"x".repeat(300)}/`)).status).toBe(400);
  });
});
