import { ERRORS } from "@tus/server";
import { afterAll, describe, expect, it } from "vitest";
import { PgLocker } from "@/server/tus/pg-locker";
import { PG_ADMIN_URL, postgresForTests } from "../helpers/postgres";

const PG = await postgresForTests("skipping the PostgreSQL tus locker tests");

describe.runIf(PG)("tus upload locks shared by instances on one PostgreSQL", () => {
  const lockers: PgLocker[] = [];
  const instance = (timeoutMs?: number) => {
    const locker = new PgLocker(PG_ADMIN_URL, timeoutMs);
    lockers.push(locker);
    return locker;
  };
  afterAll(async () => {
    for (const l of lockers) await l.close();
  });
  const id = () => `upload-${Math.random().toString(36).slice(2)}`;
  const never = new AbortController().signal;

  it("a request on another instance asks the holder to let go, then gets the lock", async () => {
    const [a, b] = [instance(), instance()];
    const upload = id();
    const held = a.newLock(upload);
    let asked = 0;
    await held.lock(never, async () => {
      asked++;
      await held.unlock();
    });
    const started = Date.now();
    await b.newLock(upload).lock(never, () => undefined);
    expect(asked).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    // Now A waits for B's lock in turn.
    let bAsked = false;
    const bSecond = b.newLock(upload);
    await b.newLock(upload).unlock();
    await bSecond.lock(never, () => void (bAsked = true));
    await expect(instance(300).newLock(upload).lock(never, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(bAsked).toBe(true);
    await bSecond.unlock();
  });

  it("serialises requests of one instance (advisory locks nest within a session)", async () => {
    const a = instance(400);
    const upload = id();
    const first = a.newLock(upload);
    await first.lock(never, () => undefined);
    await expect(a.newLock(upload).lock(never, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await first.unlock();
    const second = a.newLock(upload);
    await second.lock(never, () => undefined);
    // Unlocked once: free for another instance at once (no nested hold left behind).
    await second.unlock();
    await instance(300).newLock(upload).lock(never, () => undefined);
  });

  it("locks of different uploads do not wait for each other, and a stopped request gives up", async () => {
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

it.skipIf(PG)("the tus locker tests need PostgreSQL", () => undefined);
