import http from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleWebdav } from "@/server/webdav";
import { createHarness, providers, type Provider, type TestHarness } from "../helpers/services";
import { makeUser } from "../helpers/factories";

const PROVIDERS = await providers();

/**
 * SQL statements per WebDAV request, counted where they reach the database driver (every Prisma query, BEGIN and
 * COMMIT, and the SQLite hot-path reader). Pinned so the write path cannot quietly grow again: when a change moves
 * these numbers on purpose, update them here and say why in the commit.
 */
const PINNED: Record<Provider, { put: number; get: number }> = {
  // Before issue 9 a new small file cost 32 statements (4 of them BEGIN/COMMIT) on both providers.
  // Basic with the account password also asks whether two-step sign-in is on (it refuses the account password then);
  // app passwords, which sync clients use, skip that read. Issue 10: it also reads the site's two-step policy (an
  // account that must have 2FA is refused the account password before it has one), and each upload or download
  // upserts the day's counters (DailyStat, the admin charts): two more statements each.
  // Issue 12: a new file records its node.created activity event (AuditEvent with nodeId): one more on PUT.
  sqlite: { put: 28, get: 10 },
  postgres: { put: 28, get: 12 },
};

/** Counts statements run by every better-sqlite3 connection and every pg client in this process. */
function statementCounter() {
  let count = 0;
  const log: string[] = [];
  const restore: (() => void)[] = [];
  const wrap = <T extends object>(proto: T, method: keyof T, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      count++;
      log.push(sqlOf(this, args));
      return original.apply(this, args);
    } as T[keyof T];
    restore.push(() => (proto[method] = original as T[keyof T]));
  };
  const probe = new Database(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Database.Statement;
  probe.close();
  for (const method of ["run", "get", "all", "iterate"] as const) wrap(statement, method, (self) => (self as Database.Statement).source);
  wrap(pg.Client.prototype, "query", (_self, args) => {
    const q = args[0] as string | { text?: string };
    return typeof q === "string" ? q : (q?.text ?? "");
  });
  return {
    async measure(fn: () => Promise<void>): Promise<{ count: number; log: string[] }> {
      count = 0;
      log.length = 0;
      await fn();
      return { count, log: [...log] };
    },
    restore: () => restore.forEach((r) => r()),
  };
}

describe.each(PROVIDERS)("write path statement count on %s", (provider) => {
  let h: TestHarness;
  let server: http.Server;
  let base: string;
  let counter: ReturnType<typeof statementCounter>;
  let auth: string;
  beforeAll(async () => {
    h = await createHarness(provider);
    server = http.createServer((req, res) => {
      void handleWebdav(req, res, new URL(req.url ?? "/", "http://haven.local"), h.services);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { user } = await makeUser(h.services);
    auth = `Basic ${Buffer.from(`${user.username}:correct horse battery`).toString("base64")}`;
    counter = statementCounter();
  });
  afterAll(async () => {
    counter?.restore();
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  const put = (name: string, body: string) => fetch(`${base}/dav/${name}`, { method: "PUT", headers: { authorization: auth }, body });

  it("a small new file over PUT and a GET of it stay at their pinned statement counts", async () => {
    // Warm-up: the credential cache, Prisma's and the reader's statement caches.
    expect((await put("warm.txt", "warm")).status).toBe(201);
    expect((await fetch(`${base}/dav/warm.txt`, { headers: { authorization: auth } })).status).toBe(200);

    const putRun = await counter.measure(async () => {
      expect((await put("small.txt", "hello")).status).toBe(201);
    });
    const getRun = await counter.measure(async () => {
      const res = await fetch(`${base}/dav/small.txt`, { headers: { authorization: auth } });
      expect(await res.text()).toBe("hello");
    });
    const statements = `PUT:\n  ${putRun.log.join("\n  ")}\nGET:\n  ${getRun.log.join("\n  ")}`;
    expect({ put: putRun.count, get: getRun.count }, statements).toEqual(PINNED[provider]);
  });
});
