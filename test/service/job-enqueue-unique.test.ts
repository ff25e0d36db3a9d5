import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { makeRepositories, type Repositories } from "@/lib/repositories";
import type { JobRow } from "@/lib/repositories/job.repository";
import { createHarness, providers, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();

/** The Prisma path JobRepository.enqueue took for a unique key before it became one INSERT … ON CONFLICT. */
async function enqueueViaPrisma(db: Db, input: { type: string; payload: Record<string, unknown>; runAt: Date; uniqueKey: string; maxAttempts: number }) {
  const data = { type: input.type, payload: JSON.stringify(input.payload), runAt: input.runAt, maxAttempts: input.maxAttempts };
  const existing = await db.job.findUnique({ where: { uniqueKey: input.uniqueKey } });
  if (existing && (existing.status === "queued" || existing.status === "running")) return;
  if (existing) await db.job.delete({ where: { id: existing.id } });
  await db.job.create({ data: { ...data, uniqueKey: input.uniqueKey } });
}

/** What two enqueue paths must agree on (ids and clocks aside). */
const outcome = (job: JobRow | null) =>
  job && { type: job.type, payload: job.payload, status: job.status, progress: job.progress, attempts: job.attempts, maxAttempts: job.maxAttempts, runAt: job.runAt, leaseUntil: job.leaseUntil, lastError: job.lastError, finishedAt: job.finishedAt };

/**
 * JobRepository.enqueue with a unique key (one raw INSERT … ON CONFLICT DO UPDATE … WHERE finished) against the
 * Prisma path it replaced (read, delete a finished job, create), from each state a key can be in, on both databases.
 */
describe.each(PROVIDERS)("JobRepository.enqueue with a unique key on %s", (provider) => {
  let h: TestHarness;
  let db: Db;
  let repos: Repositories;
  beforeAll(async () => {
    h = await createHarness(provider);
    db = createDb(h.services.config.databaseUrl);
    repos = makeRepositories(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await h?.close();
  });

  const runAt = new Date("2026-03-01T12:00:00.000Z");
  const earlier = new Date("2026-02-01T12:00:00.000Z");
  /** Puts the key's job in a state: none, queued, running (leased), done or failed. */
  const arrange = async (key: string, state: "none" | JobRow["status"]) => {
    if (state === "none") return;
    await db.job.create({ data: { type: "search.index", payload: JSON.stringify({ nodeId: 1 }), runAt: earlier, maxAttempts: 3, uniqueKey: key } });
    const data = {
      queued: {},
      running: { status: "running", attempts: 1, leasedBy: "w1", leaseUntil: runAt },
      done: { status: "done", progress: 1, attempts: 1, finishedAt: earlier },
      failed: { status: "failed", attempts: 3, lastError: "boom", finishedAt: earlier },
    }[state];
    await db.job.update({ where: { uniqueKey: key }, data });
  };

  for (const state of ["none", "queued", "running", "done", "failed"] as const) {
    it(`from ${state}: the same job as the Prisma path`, async () => {
      const input = { type: "search.index", payload: { nodeId: 2 }, runAt, maxAttempts: 4 };
      await arrange(`${state}-prisma`, state);
      await enqueueViaPrisma(db, { ...input, uniqueKey: `${state}-prisma` });
      await arrange(`${state}-raw`, state);
      await repos.jobs.enqueue({ ...input, uniqueKey: `${state}-raw` });
      const viaPrisma = outcome(await repos.jobs.findByUniqueKey(`${state}-prisma`));
      const viaRaw = outcome(await repos.jobs.findByUniqueKey(`${state}-raw`));
      expect(viaRaw).toEqual(viaPrisma);
      // Pending jobs are left alone; a missing or finished one is (re)queued with the new payload.
      expect(viaRaw?.payload).toEqual(state === "queued" || state === "running" ? { nodeId: 1 } : { nodeId: 2 });
    });
  }

  it("enqueueManyUnique gives keys in every state the outcome enqueue gives them; a repeated key counts once (its last job)", async () => {
    const states = ["none", "queued", "running", "done", "failed"] as const;
    for (const state of states) await arrange(`many-${state}`, state);
    for (const state of states) await arrange(`one-${state}`, state);
    const input = { type: "search.index", payload: { nodeId: 2 }, runAt, maxAttempts: 4 };
    for (const state of states) await repos.jobs.enqueue({ ...input, uniqueKey: `one-${state}` });
    await repos.jobs.enqueueManyUnique([...states.map((state) => ({ ...input, payload: { nodeId: 9 }, uniqueKey: `many-${state}` })), ...states.map((state) => ({ ...input, uniqueKey: `many-${state}` }))]);
    for (const state of states) expect(outcome(await repos.jobs.findByUniqueKey(`many-${state}`)), state).toEqual(outcome(await repos.jobs.findByUniqueKey(`one-${state}`)));
  });

  it("a re-armed job is claimable like a new one", async () => {
    await arrange("claim", "done");
    await repos.jobs.enqueue({ type: "search.index", payload: { nodeId: 3 }, runAt, uniqueKey: "claim" });
    const due = (await repos.jobs.due(new Date(runAt.getTime() + 1000), 100)).filter((j) => j.uniqueKey === "claim");
    expect(due).toHaveLength(1);
    expect(await repos.jobs.claim(due[0]!, "w2", new Date(runAt.getTime() + 60_000))).toBe(true);
  });
});
