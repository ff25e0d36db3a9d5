import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices } from "@/lib/container";
import { PgNotifyTransport, RedisPubSubTransport } from "@/lib/db/cache-bus-transports";
import { MemoryCredentialCache } from "@/lib/services/credential-cache";
import { CACHE_TOPICS, CacheBus, WILDCARD, type CacheBusTransport, type CacheTopic } from "@/lib/services/cache-bus";
import { makeUser } from "../helpers/factories";
import { freePort } from "../helpers/haven-server";
import { PG_ADMIN_URL, postgresForTests } from "../helpers/postgres";
import { createHarness } from "../helpers/services";

const PG = await postgresForTests("skipping the PostgreSQL cache bus tests");
const REDIS = spawnSync("redis-server", ["--version"]).status === 0;
if (!REDIS) console.warn("redis-server is not installed (scripts/test.sh installs it): skipping the Redis cache bus tests.");

let redis: ChildProcess | undefined;
let redisUrl = "";
beforeAll(async () => {
  if (!REDIS) return;
  const port = await freePort();
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  redisUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() !== "PONG"; i++) await new Promise((r) => setTimeout(r, 50));
});
afterAll(() => void redis?.kill());

/** Resolves once `check` holds (polling), or fails after 5 s. */
async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const transports: [string, boolean, () => CacheBusTransport][] = [
  ["PostgreSQL LISTEN/NOTIFY", PG, () => new PgNotifyTransport(PG_ADMIN_URL)],
  ["Redis pub/sub", REDIS, () => new RedisPubSubTransport(redisUrl)],
];

describe.each(transports)("cache invalidation across instances: %s", (_name, available, make) => {
  const buses: CacheBus[] = [];
  const instance = (listen = true) => {
    const bus = new CacheBus(make());
    if (listen) bus.listen();
    buses.push(bus);
    return bus;
  };
  afterAll(async () => {
    for (const b of buses) await b.close();
  });
  const heard = (bus: CacheBus, topic: CacheTopic = CACHE_TOPICS.credentials) => {
    const keys: string[] = [];
    bus.subscribe(topic, (k) => keys.push(k));
    return keys;
  };

  it.runIf(available)("a key published on one instance reaches the others' subscribers of that topic, and its own once", async () => {
    const [a, b, c] = [instance(), instance(), instance()];
    const onA = heard(a);
    const onB = heard(b);
    const onC = heard(c);
    const accessOnB = heard(b, CACHE_TOPICS.access);
    await new Promise((r) => setTimeout(r, 300)); // the listeners connect
    await a.publish(CACHE_TOPICS.credentials, 42);
    expect(onA).toEqual(["42"]); // at once, before any round trip
    await eventually(() => onB.length > 0 && onC.length > 0);
    await b.publish(CACHE_TOPICS.access, "7");
    await eventually(() => accessOnB.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect([onA, onB, onC, accessOnB]).toEqual([["42"], ["42"], ["42"], ["7"]]);
  });

  it.runIf(available)("a process that does not listen (the CLI) still publishes to those that do", async () => {
    const server = instance();
    const keys = heard(server);
    await new Promise((r) => setTimeout(r, 300));
    const cli = instance(false);
    await cli.publish(CACHE_TOPICS.credentials, 9);
    await eventually(() => keys.includes("9"));
  });
});

describe.runIf(PG)("a PostgreSQL listener that lost its connection", () => {
  it("tells every subscriber to drop everything, reconnects, and hears again", async () => {
    const bus = new CacheBus(new PgNotifyTransport(PG_ADMIN_URL));
    bus.listen();
    const keys: string[] = [];
    bus.subscribe(CACHE_TOPICS.access, (k) => keys.push(k));
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const listener = async () =>
        (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN haven_cache' AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
      let pids: number[] = [];
      for (let i = 0; i < 50 && pids.length === 0; i++, await new Promise((r) => setTimeout(r, 100))) pids = await listener();
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      await eventually(() => keys.includes(WILDCARD));
      // Back after the reconnect: another instance's message arrives again.
      const other = new CacheBus(new PgNotifyTransport(PG_ADMIN_URL));
      const deadline = Date.now() + 10_000;
      while (!keys.includes("5") && Date.now() < deadline) {
        await other.publish(CACHE_TOPICS.access, 5);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(keys).toContain("5");
      await other.close();
    } finally {
      await admin.end();
      await bus.close();
    }
  });
});

describe.runIf(PG)("the credential cache of two instances on one PostgreSQL database", () => {
  it("an app password revoked on one instance is dropped from the other's cache at once, and refused there", async () => {
    const a = await createHarness("postgres");
    const b = buildServices({ ...a.services.config, databaseUrl: a.services.config.databaseUrl });
    try {
      b.cacheBus.listen();
      const { user } = await makeUser(a.services, { username: "cora" });
      const { appPassword, password } = await a.services.appPasswords.create(null, user.id, { name: "sync" });
      await b.appPasswords.authenticate("cora", password, null);
      // The verified credentials this instance remembers (what the bus is for).
      const remembered = b.appPasswords.verified as MemoryCredentialCache;
      expect(remembered.size).toBe(1);
      await new Promise((r) => setTimeout(r, 300)); // b's listener connects
      await a.services.appPasswords.revoke(null, appPassword.id);
      await eventually(() => remembered.size === 0);
      await expect(b.appPasswords.authenticate("cora", password, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    } finally {
      await b.cacheBus.close();
      await b.uow.disconnect();
      await a.close();
    }
  });
});
