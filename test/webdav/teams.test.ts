import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { signIn } from "../helpers/haven-server";
import { ApiClient } from "../helpers/api-client";
import { DavClient, hrefs } from "./dav-client";

/** Team spaces over WebDAV: /dav/teams/, /dav/teams/<team>/, and teams as top-level folders of the Nextcloud aliases. */
describe("WebDAV team spaces", () => {
  const { haven, dav, api } = useDavServer();
  let bob: DavClient;
  let bobApi: ApiClient;

  beforeAll(async () => {
    await api.ok("POST", "/api/admin/users", { username: "bob", password: "bob-password-1" });
    bob = dav.as("bob", "bob-password-1");
    bobApi = new ApiClient(haven.url, await signIn(haven.url, "bob", "bob-password-1"));
    const bobId = (await bobApi.ok<{ id: number }>("GET", "/api/me")).id;
    for (const name of ["Design", "Ops"]) {
      const team = await api.ok<{ id: number }>("POST", "/api/teams", { name });
      await api.ok("POST", `/api/teams/${team.id}/members`, { userId: bobId, role: "editor" });
    }
  });

  it("lists the caller's teams at /dav/teams/ (read-only) and serves each at /dav/teams/<team>/", async () => {
    expect(hrefs((await bob.propfind("/dav/teams/", "1")).text)).toEqual(["/dav/teams/", "/dav/teams/Design/", "/dav/teams/Ops/"]);
    expect((await bob.mkcol("/dav/teams/New/")).status).toBe(404);
    expect((await bob.req("DELETE", "/dav/teams/")).status).toBe(405);
    expect((await bob.put("/dav/teams/Design/plan.txt", "plan")).status).toBe(201);
    expect((await bob.mkcol("/dav/teams/Design/Sub")).status).toBe(201);
    expect(hrefs((await bob.propfind("/dav/teams/Design/", "1")).text).sort()).toEqual(["/dav/teams/Design/", "/dav/teams/Design/Sub/", "/dav/teams/Design/plan.txt"]);
    expect((await dav.req("GET", "/dav/teams/Design/plan.txt")).text).toBe("plan");
    // Someone outside the team: no such team.
    await api.ok("POST", "/api/admin/users", { username: "eve", password: "eve-password-1" });
    const eve = dav.as("eve", "eve-password-1");
    expect((await eve.req("GET", "/dav/teams/Design/plan.txt")).status).toBe(404);
    expect(hrefs((await eve.propfind("/dav/teams/", "1")).text)).toEqual(["/dav/teams/"]);
    // Moving between a team and the personal space is refused (copy instead).
    const move = await bob.req("MOVE", "/dav/teams/Design/plan.txt", { headers: { destination: `${haven.url}/dav/plan.txt` } });
    expect(move.status).toBe(502);
    const rename = await bob.req("MOVE", "/dav/teams/Design/plan.txt", { headers: { destination: `${haven.url}/dav/teams/Design/Sub/plan2.txt` } });
    expect(rename.status).toBe(201);
  });

  it("shows teams as top-level folders of the Nextcloud aliases; a personal folder of the same name wins", async () => {
    expect((await bob.put("/dav/teams/Ops/runbook.md", "# ops")).status).toBe(201);
    expect((await bob.mkcol("/dav/Ops")).status).toBe(201);
    expect((await bob.put("/dav/Ops/mine.txt", "mine")).status).toBe(201);
    for (const base of ["/remote.php/webdav", "/remote.php/dav/files/bob"]) {
      const listed = hrefs((await bob.propfind(`${base}/`, "1")).text);
      expect(listed).toEqual(expect.arrayContaining([`${base}/Design/`, `${base}/Ops/`, `${base}/Ops (team)/`]));
      expect((await bob.req("GET", `${base}/Ops/mine.txt`)).text).toBe("mine");
      expect((await bob.req("GET", `${base}/Ops (team)/runbook.md`.replace(/ /g, "%20"))).text).toBe("# ops");
      expect(hrefs((await bob.propfind(`${base}/Design/Sub/`, "1")).text)).toEqual([`${base}/Design/Sub/`, `${base}/Design/Sub/plan2.txt`]);
    }
    expect((await bob.put("/remote.php/webdav/Design/from-alias.txt", "alias")).status).toBe(201);
    expect((await bob.req("GET", "/dav/teams/Design/from-alias.txt")).text).toBe("alias");
    // The plain /dav/ mount stays personal: no team folders there.
    expect(hrefs((await bob.propfind("/dav/", "1")).text)).not.toContain("/dav/Design/");
  });
});
