import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { hrefs, LOCK_BODY } from "./dav-client";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("WebDAV authentication and routing", () => {
  const { haven, dav } = useDavServer();
  const cli = async (...args: string[]) =>
    (await run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: haven.dataDir, DATABASE_URL: "" } })).stdout;

  it("challenges with Basic realm Haven, and accepts the account password", async () => {
    const none = await dav.anonymous().propfind("/dav/", "0");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Basic realm="Haven"/);
    expect((await dav.as("admin", "wrong-password").propfind("/dav/", "0")).status).toBe(401);
    expect((await dav.propfind("/dav/", "0")).status).toBe(207);
  });

  it("accepts app passwords, honours read-only ones and stops at revocation", async () => {
    const rw = /: (hp-\S+)$/m.exec(await cli("app-password:create", "admin", "rclone"))![1]!;
    const ro = /: (hp-\S+)$/m.exec(await cli("app-password:create", "admin", "phone", "--read-only"))![1]!;
    const rwClient = dav.as("admin", rw);
    const roClient = dav.as("admin", ro);
    expect((await rwClient.put("/dav/by-app.txt", "hello")).status).toBe(201);
    expect((await roClient.req("GET", "/dav/by-app.txt")).text).toBe("hello");
    expect((await roClient.put("/dav/by-app.txt", "nope")).status).toBe(403);
    expect((await roClient.req("DELETE", "/dav/by-app.txt")).status).toBe(403);
    expect((await roClient.mkcol("/dav/ro-folder")).status).toBe(403);
    const list = JSON.parse(await cli("app-password:list", "admin", "--json")) as { id: number; name: string; lastUsedAt: string | null }[];
    expect(list.map((p) => p.name).sort()).toEqual(["phone", "rclone"]);
    expect(list.find((p) => p.name === "rclone")!.lastUsedAt).not.toBeNull();
    await cli("app-password:revoke", String(list.find((p) => p.name === "rclone")!.id));
    expect((await rwClient.propfind("/dav/", "0")).status).toBe(401);
    expect((await dav.as("someone-else", ro).propfind("/dav/", "0")).status).toBe(401);
  });

  it("re-checks a remembered credential on every request: disabling, enabling and a password reset act at once", async () => {
    await cli("user:create", "carol", "--password", "carol-password-1");
    const app = dav.as("carol", /: (hp-\S+)$/m.exec(await cli("app-password:create", "carol", "laptop"))![1]!);
    const account = dav.as("carol", "carol-password-1");
    // The first request verifies with argon2 and remembers the credential; the next ones are served from memory.
    for (let i = 0; i < 3; i++) {
      expect((await app.propfind("/dav/", "0")).status).toBe(207);
      expect((await account.propfind("/dav/", "0")).status).toBe(207);
    }
    await cli("user:disable", "carol");
    expect((await app.propfind("/dav/", "0")).status).toBe(401);
    expect((await account.propfind("/dav/", "0")).status).toBe(401);
    await cli("user:enable", "carol");
    expect((await app.propfind("/dav/", "0")).status).toBe(207);
    expect((await account.propfind("/dav/", "0")).status).toBe(207);
    await cli("user:reset-password", "carol", "--password", "carol-password-2");
    expect((await account.propfind("/dav/", "0")).status).toBe(401);
    expect((await dav.as("carol", "carol-password-2").propfind("/dav/", "0")).status).toBe(207);
    expect((await app.propfind("/dav/", "0")).status).toBe(207);
  });

  it("limits an app password made with --folder to that folder: it is the root, nothing outside is reachable", async () => {
    expect((await dav.mkcol("/dav/Photos")).status).toBe(201);
    expect((await dav.mkcol("/dav/Photos/2024")).status).toBe(201);
    expect((await dav.put("/dav/Photos/2024/beach.jpg", "sand")).status).toBe(201);
    expect((await dav.put("/dav/secret.txt", "not for the phone")).status).toBe(201);
    await expect(cli("app-password:create", "admin", "nope", "--folder", "/Missing")).rejects.toThrow(/No folder "\/Missing"/);
    const out = await cli("app-password:create", "admin", "photo frame", "--folder", "/Photos/2024", "--read-only");
    expect(out).toMatch(/read-only, folder \/Photos\/2024\)/);
    const frame = dav.as("admin", /: (hp-\S+)$/m.exec(out)![1]!);
    const listing = await frame.propfind("/dav/", "1");
    expect(listing.status).toBe(207);
    expect(hrefs(listing.text).sort()).toEqual(["/dav/", "/dav/beach.jpg"]);
    expect((await frame.req("GET", "/dav/beach.jpg")).text).toBe("sand");
    expect((await frame.req("GET", "/remote.php/dav/files/admin/beach.jpg")).text).toBe("sand");
    for (const outside of ["/dav/secret.txt", "/dav/Photos/2024/beach.jpg", "/dav/2024/beach.jpg"]) {
      expect((await frame.req("GET", outside)).status, outside).toBe(404);
    }
    expect((await frame.put("/dav/new.jpg", "x")).status).toBe(403);
    const rw = dav.as("admin", /: (hp-\S+)$/m.exec(await cli("app-password:create", "admin", "uploader", "--folder", "/Photos"))![1]!);
    expect((await rw.put("/dav/2024/new.jpg", "fresh")).status).toBe(201);
    expect((await dav.req("GET", "/dav/Photos/2024/new.jpg")).text).toBe("fresh");
    // Locks are keyed space-wide: a lock taken through the folder shows at its full path for the full-access client.
    const locked = await rw.req("LOCK", "/dav/2024/new.jpg", { headers: { depth: "0" }, body: LOCK_BODY() });
    expect(locked.status).toBe(200);
    expect((await dav.put("/dav/Photos/2024/new.jpg", "clobber")).status).toBe(423);
    expect((await rw.req("UNLOCK", "/dav/2024/new.jpg", { headers: { "lock-token": locked.headers.get("lock-token")! } })).status).toBe(204);
    // A MOVE cannot aim outside: the Destination is resolved inside the folder too, through any alias or absolute URL.
    const rootBefore = hrefs((await dav.propfind("/dav/", "1")).text).sort();
    const move = (from: string, destination: string) => rw.req("MOVE", from, { headers: { destination } });
    expect((await move("/dav/2024/new.jpg", "/dav/moved.jpg")).status).toBe(201);
    expect((await dav.req("GET", "/dav/Photos/moved.jpg")).text).toBe("fresh");
    expect((await dav.req("GET", "/dav/Photos/2024/new.jpg")).status).toBe(404);
    expect((await move("/dav/moved.jpg", `${haven.url}/remote.php/dav/files/admin/2024/moved.jpg`)).status).toBe(201);
    expect((await dav.req("GET", "/dav/Photos/2024/moved.jpg")).text).toBe("fresh");
    expect((await dav.req("GET", "/dav/Photos/moved.jpg")).status).toBe(404);
    // The name of a file outside the folder is a new name inside it: nothing is replaced (201, not 204).
    expect((await move("/dav/2024/moved.jpg", `${haven.url}/dav/secret.txt`)).status).toBe(201);
    expect((await dav.req("GET", "/dav/Photos/secret.txt")).text).toBe("fresh");
    expect((await dav.req("GET", "/dav/secret.txt")).text).toBe("not for the phone");
    // Dot segments, another server and another user's space are refused outright.
    expect((await move("/dav/secret.txt", `${haven.url}/dav/../secret-2.jpg`)).status).toBe(400);
    expect((await move("/dav/secret.txt", "http://elsewhere.example/dav/secret-2.jpg")).status).toBe(502);
    expect((await move("/dav/secret.txt", "/remote.php/dav/files/someone/secret-2.jpg")).status).toBe(502);
    expect((await dav.req("GET", "/dav/Photos/secret.txt")).text).toBe("fresh");
    expect(hrefs((await dav.propfind("/dav/", "1")).text).sort()).toEqual(rootBefore);
    const list = JSON.parse(await cli("app-password:list", "admin", "--json")) as { name: string; scopePath: string | null }[];
    expect(list.find((p) => p.name === "photo frame")!.scopePath).toBe("/Photos/2024");
  });

  it("serves the Nextcloud aliases from the same space, and only the user's own", async () => {
    await dav.put("/dav/alias.txt", "same bytes");
    expect((await dav.req("GET", "/remote.php/webdav/alias.txt")).text).toBe("same bytes");
    expect((await dav.req("GET", "/remote.php/dav/files/admin/alias.txt")).text).toBe("same bytes");
    expect((await dav.propfind("/remote.php/dav/files/someone/", "0")).status).toBe(403);
    expect((await dav.propfind("/remote.php/dav/calendars/admin/", "0")).status).toBe(404);
    expect((await dav.propfind("/dav/teams/", "0")).status).toBe(207);
    expect((await dav.propfind("/dav/teams/nobody/", "0")).status).toBe(404);
  });

  it("never lets a path leave the space", async () => {
    for (const p of ["/dav/../api/me", "/dav/%2e%2e/api", "/dav/a/%2E%2E/%2e%2e/x", "/dav/a%2fb", "/dav/a%5cb", "/dav/a%00b", "/dav/%2e", "/dav/bad%zz"]) {
      const res = await rawRequest(haven.port, "PROPFIND", p);
      expect(res, p).toBe(400);
    }
  });

  it("shares the login throttle with the web sign-in", async () => {
    const attempts = [];
    for (let i = 0; i < 7; i++) attempts.push((await dav.as("throttled", "wrong-password").propfind("/dav/", "0")).status);
    expect(attempts.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts.at(-1)).toBe(429);
  });
});

/** Sends a request line exactly as given (fetch would normalise dot segments). */
async function rawRequest(port: number, method: string, target: string): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`${method} ${target} HTTP/1.1\r\nHost: localhost:${port}\r\nAuthorization: Basic ${Buffer.from("admin:admin-password-1").toString("base64")}\r\nDepth: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    let data = "";
    socket.on("data", (d) => (data += d.toString()));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0)));
    socket.on("error", reject);
  });
}
