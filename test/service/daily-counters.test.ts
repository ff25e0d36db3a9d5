import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { utcDay } from "@/lib/domain/day";
import { DailyCounters } from "@/lib/services/daily-counters";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";

const PROVIDERS = await providers();

/** The admin charts' day counters, summed in memory: written by the timer, on demand and on a graceful stop. */
describe.each(PROVIDERS)("daily counters on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const stored = async (day: string) => (await h.services.uow.repos.admin.days(day, day))[0];

  it("sums counts in memory and writes them with one upsert per day when the period ends", async () => {
    // A period long enough that the check below runs inside it on a loaded machine (50 ms once let the timer win).
    const counters = new DailyCounters(h.services.uow, 2_000);
    counters.add("2030-01-01", { downloads: 1, downloadBytes: 10 });
    counters.add("2030-01-01", { downloads: 1, downloadBytes: 5 });
    counters.add("2030-01-02", { uploads: 1, uploadBytes: 7 });
    expect(await stored("2030-01-01"), "nothing is written before the period ends").toBeUndefined();
    // Written by the timer alone (no flush asked for); waited for, as a loaded machine may take a while.
    await vi.waitFor(async () => expect(await stored("2030-01-01")).toMatchObject({ downloads: 2, downloadBytes: 15, uploads: 0 }), { timeout: 15_000, interval: 50 });
    await vi.waitFor(async () => expect(await stored("2030-01-02")).toMatchObject({ uploads: 1, uploadBytes: 7 }), { timeout: 15_000, interval: 50 });
    counters.add("2030-01-01", { downloads: 3 });
    await counters.stop();
    expect(await stored("2030-01-01"), "added to the stored row").toMatchObject({ downloads: 5, downloadBytes: 15 });
  });

  it("loses nothing on a graceful stop: stop() writes what is pending before the database closes", async () => {
    const counters = new DailyCounters(h.services.uow, 60_000);
    for (let i = 0; i < 100; i++) counters.add("2030-02-01", { downloads: 1, downloadBytes: 4096 });
    await counters.stop();
    expect(await stored("2030-02-01")).toMatchObject({ downloads: 100, downloadBytes: 409_600 });
    await counters.stop();
    expect((await stored("2030-02-01"))?.downloads, "a second stop writes nothing twice").toBe(100);
  });

  it("keeps counts that failed to write and writes them on the next flush", async () => {
    const counters = new DailyCounters(h.services.uow, 60_000);
    counters.add("2030-03-01", { downloads: 2, downloadBytes: 2 });
    const admin = h.services.uow.repos.admin;
    const addDay = admin.addDay.bind(admin);
    admin.addDay = () => Promise.reject(new Error("database away"));
    try {
      await expect(counters.flush()).rejects.toThrow("database away");
    } finally {
      admin.addDay = addDay;
    }
    counters.add("2030-03-01", { downloads: 1 });
    await counters.stop();
    expect(await stored("2030-03-01")).toMatchObject({ downloads: 3, downloadBytes: 2 });
  });

  it("counts a download without a statement of its own, and the admin figures show it at once", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const file = await putFile(h.services, actor, rootId, "d.txt", "download me");
    const day = utcDay(h.services.clock.now());
    const before = await h.services.adminStats.today();
    const content = await h.services.downloads.openFile(actor, file.id);
    expect((await readAll(await content.open())).toString()).toBe("download me");
    expect((await stored(day))?.downloads ?? 0, "not written by the download itself").toBe(before.downloads);
    expect(await h.services.adminStats.today()).toMatchObject({ downloads: before.downloads + 1, downloadBytes: before.downloadBytes + 11 });
  });
});
