import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { ERRORS } from "@tus/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgLocker } from "@/server/tus/pg-locker";
import { redisLocker } from "@/server/tus/redis-locker";
import type { SharedLocker } from "@/server/tus/shared-locker";
import { freePort } from "../helpers/haven-server";
import { PG_ADMIN_URL, postgresForTests } from "../helpers/postgres";

const PG = await postgresForTests("skipping the PostgreSQL tus locker tests");
const REDIS = spawnSync("redis-server", ["--version"]).status === 0;
if (!REDIS) console.warn("redis-server is not installed (scripts/test.sh installs it): skipping the Redis tus locker tests.");

/** A throwaway redis-server on a free port, for the Redis backend. */
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

const backends: [string, boolean, (timeoutMs?: number) => SharedLocker][] = [
  ["PostgreSQL advisory locks", PG, (t) => pgLocker(PG_ADMIN_URL, t)],
  ["Redis", REDIS, (t) => redisLocker(redisUrl, t)],
];

describe.each(backends)("tus upload locks shared by instances: %s", (_name, available, make) => {
  const lockers: SharedLocker[] = [];
  const instance = (timeoutMs?: number) => {
    const locker = make(timeoutMs);
    lockers.push(locker);
    return locker;
  };
  afterAll(async () => {
    for (const l of lockers) await l.close();
  });
  const id = () => `upload-${Math.random().toString(36).slice(2)}`;
  const never = new AbortController().signal;

  it.runIf(available)("a request on another instance asks the holder to let go, then gets the lock", async () => {
    const [a, b] = [instance(), instance()];
    const upload = id();
    const held = a.newLock(upload);
    let asked = 0;
    await held.lock(never, async () => {
      asked++;
      await held.unlock();
    });
    const started = Date.now();
    const onB = b.newLock(upload);
    await onB.lock(never, () => undefined);
    expect(asked).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    // Held by B and not let go: another instance times out.
    await expect(instance(300).newLock(upload).lock(never, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await onB.unlock();
    await instance(300).newLock(upload).lock(never, () => undefined);
  });

  it.runIf(available)("serialises requests of one instance, and one unlock frees the upload for every instance", async () => {
    const a = instance(400);
    const upload = id();
    const first = a.newLock(upload);
    let asked = false;
    await first.lock(never, () => void (asked = true));
    await expect(a.newLock(upload).lock(never, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(asked).toBe(true);
    await first.unlock();
    const second = a.newLock(upload);
    await second.lock(never, () => undefined);
    await second.unlock();
    await instance(300).newLock(upload).lock(never, () => undefined);
  });

  it.runIf(available)("locks of different uploads do not wait for each other, and a stopped request gives up", async () => {
    const [a, b] = [instance(), instance()];
    const one = id();
    await a.newLock(one).lock(never, () => undefined);
    await b.newLock(id()).lock(never, () => undefined);
    const stop = new AbortController();
    const waiting = b.newLock(one).lock(stop.signal, () => undefined);
    setTimeout(() => stop.abort(), 200);
    await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
  });
});
