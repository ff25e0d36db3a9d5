import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { makeRepositories, type Repositories } from "@/lib/repositories";
import type { JobRow } from "@/lib/repositories/job.repository";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { statementCounter } from "../helpers/statement-counter";

const PROVIDERS = await providers();

/** What a claim leaves in a row (ids and the write's own clock aside). */
const claimed = (job: JobRow) => ({ type: job.type, payload: job.payload, status: job.status, attempts: job.attempts, runAt: job.runAt, leaseUntil: job.leaseUntil, lastError: job.lastError });

/**
 * The job runner's batches (issue 11: a backlog of search.index jobs ran at ~24 files/s): JobRepository.claimDue (one
 * raw UPDATE … RETURNING) against the Prisma path (due, then claim each), workers racing for batches, a started worker
 * working off a backlog beyond one round, and search.index jobs many at once in a fixed number of statements.
 */
describe.each(PROVIDERS)("job batches on %s", (provider) => {
  const clock = new TestClock(new Date("2026-04-01T12:00:00.000Z"));
  let h: TestHarness;
  let db: Db;
  let repos: Repositories;
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    db = createDb(h.services.config.databaseUrl);
    repos = makeRepositories(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await h?.close();
  });

  const now = () => clock.now();
  const ago = (ms: number) => new Date(now().getTime() - ms);
  /** One job of `type` in each state a claim must tell apart; returns their ids by state. */
  const arrange = async (type: string) => {
    const make = async (data: Omit<Parameters<Db["job"]["create"]>[0]["data"], "type">) => (await db.job.create({ data: { payload: JSON.stringify({ n: 1 }), ...data, type } })).id;
    return {
      dueLater: await make({ runAt: ago(1000), payload: JSON.stringify({ n: 2 }) }),
      dueNow: await make({ runAt: now() }),
      dueFirst: await make({ runAt: ago(5000), attempts: 1, lastError: "transient" }),
      future: await make({ runAt: new Date(now().getTime() + 1000) }),
      leaseExpired: await make({ runAt: ago(90_000), status: "running", attempts: 1, leasedBy: "crashed", leaseUntil: ago(1) }),
      leaseLive: await make({ runAt: ago(90_000), status: "running", attempts: 1, leasedBy: "busy", leaseUntil: new Date(now().getTime() + 1) }),
      done: await make({ runAt: ago(90_000), status: "done", attempts: 1, finishedAt: ago(1000) }),
      failed: await make({ runAt: ago(90_000), status: "failed", attempts: 5, finishedAt: ago(1000) }),
    };
  };

  it("claimDue claims what due() and claim() claim, oldest first, and hands the jobs back as claimed", async () => {
    const lease = new Date(now().getTime() + 60_000);
    const viaPrisma = await arrange("test.claim-prisma");
    await db.job.create({ data: { type: "test.other", runAt: ago(10_000) } });
    const candidates = (await repos.jobs.due(now(), 100, ["test.claim-prisma"])).slice(0, 3);
    for (const job of candidates) expect(await repos.jobs.claim(job, "w1", lease)).toBe(true);
    const viaRaw = await arrange("test.claim-raw");
    const got = await repos.jobs.claimDue("test.claim-raw", "w1", lease, now(), 3);

    const rowsOf = async (ids: Record<string, number>) => Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([state, id]) => [state, claimed((await repos.jobs.findById(id))!)])));
    const rename = (row: ReturnType<typeof claimed>) => ({ ...row, type: "any" });
    const prismaRows = await rowsOf(viaPrisma);
    const rawRows = await rowsOf(viaRaw);
    for (const state of Object.keys(viaPrisma)) expect(rename(rawRows[state]), state).toEqual(rename(prismaRows[state]));
    // The three oldest due: the expired lease, then the due ones by runAt; not the live lease, the future or finished.
    expect(got.map((j) => j.id)).toEqual([viaRaw.leaseExpired, viaRaw.dueFirst, viaRaw.dueLater]);
    expect(got.map(claimed)).toEqual([rawRows.leaseExpired, rawRows.dueFirst, rawRows.dueLater]);
    // The rest of the due ones (runAt exactly now included) on the next claim, then nothing.
    expect((await repos.jobs.claimDue("test.claim-raw", "w2", lease, now(), 10)).map((j) => j.id)).toEqual([viaRaw.dueNow]);
    expect(await repos.jobs.claimDue("test.claim-raw", "w2", lease, now(), 10)).toEqual([]);
  });

  it("workers racing for batches claim each job once; a failed job of a batch is retried alone", async () => {
    const JOBS = 150;
    await db.job.createMany({ data: Array.from({ length: JOBS }, (_, i) => ({ type: "test.batch", payload: JSON.stringify({ n: i }), runAt: ago(1000) })) });
    const runs: number[] = [];
    const workers = Array.from({ length: 3 }, () =>
      new JobWorker(h.services.uow, clock).registerBatch(
        "test.batch",
        async (jobs) => {
          runs.push(...jobs.map((j) => Number(j.payload.n)));
          await new Promise((r) => setTimeout(r, 5));
          return new Map(jobs.filter((j) => j.payload.n === 7 && j.attempts === 1).map((j) => [j.id, new Error("seven fails once")]));
        },
        20,
      ),
    );
    await Promise.all(workers.map(async (w) => { while ((await w.runDue()) > 0); }));
    expect(runs.sort((a, b) => a - b)).toEqual(Array.from({ length: JOBS }, (_, i) => i));
    const rows = await db.job.findMany({ where: { type: "test.batch" } });
    expect(rows.filter((r) => r.status === "done")).toHaveLength(JOBS - 1);
    const seven = rows.find((r) => JSON.parse(r.payload).n === 7)!;
    expect(seven).toMatchObject({ status: "queued", attempts: 1, lastError: "seven fails once", leasedBy: null });
    clock.advance(2000);
    expect(await workers[0]!.runDue()).toBe(1);
    expect((await repos.jobs.findById(seven.id))!.status).toBe("done");
  });

  it("a started worker works off a backlog beyond one round without waiting for its next tick", async () => {
    await db.job.createMany({ data: Array.from({ length: 70 }, () => ({ type: "test.backlog", runAt: ago(1000) })) });
    let ran = 0;
    const worker = new JobWorker(h.services.uow, clock).register("test.backlog", async () => void ran++);
    worker.start(3_600_000);
    const deadline = Date.now() + 20_000;
    while (ran < 70 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(ran).toBe(70);
  });

  it("a worker finds its own type's job behind a backlog of types it does not run (a CLI's worker)", async () => {
    await db.job.createMany({ data: Array.from({ length: 30 }, () => ({ type: "test.someone-elses", runAt: ago(60_000) })) });
    await db.job.create({ data: { type: "test.mine", runAt: ago(1000) } });
    let ran = 0;
    expect(await new JobWorker(h.services.uow, clock).register("test.mine", async () => void ran++).runDue()).toBe(1);
    expect(ran).toBe(1);
  });

  it("search.index jobs run many at once, in a fixed number of statements whatever their count", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    while ((await worker.runDue()) > 0);
    const counter = statementCounter();
    try {
      const indexBatch = async (count: number, tag: string) => {
        const files = Array.from({ length: count }, (_, i) => ({ parentId: rootId, name: `${tag}-${i}.txt`, content: Buffer.from(`word${tag}${i} and more`) }));
        for (const r of await h.services.uploads.putMany(actor, files)) if (!r.ok) throw r.error;
        let ran = 0;
        const run = await counter.measure(async () => {
          ran = await worker.runDue();
        });
        expect(ran).toBe(count);
        return run.count;
      };
      const few = await indexBatch(5, "few");
      const many = await indexBatch(40, "many");
      expect(many).toBe(few);
    } finally {
      counter.restore();
    }
    for (const word of ["wordfew4", "wordmany0", "wordmany39"]) expect((await h.services.search.search(actor, { q: word, scope: "all", fulltext: true })).items).toHaveLength(1);
    expect(await repos.jobs.list({ type: "search.index", status: "queued" })).toEqual([]);
  });
});
