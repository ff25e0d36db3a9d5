import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("jobs on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("runs a job once even with two workers racing for it", async () => {
    let runs = 0;
    const workers = [new JobWorker(h.services.uow, clock), new JobWorker(h.services.uow, clock)];
    for (const w of workers) w.register("test.once", async () => void runs++);
    await h.services.uow.repos.jobs.enqueue({ type: "test.once", payload: {}, runAt: clock.now() });
    const ran = await Promise.all(workers.map((w) => w.runDue()));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(1);
    expect(runs).toBe(1);
    expect(await workers[0]!.runDue()).toBe(0);
  });

  it("retries a failed job with backoff and retries a crashed worker's job after its lease", async () => {
    const attempts: number[] = [];
    const worker = new JobWorker(h.services.uow, clock).register("test.flaky", async ({ job }) => {
      attempts.push(job.attempts);
      if (job.attempts < 2) throw new Error("transient");
    });
    await h.services.uow.repos.jobs.enqueue({ type: "test.flaky", payload: {}, runAt: clock.now() });
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(10_000);
    expect(await worker.runDue()).toBe(1);
    expect(attempts).toEqual([1, 2]);
    const [done] = await h.services.uow.repos.jobs.list({ type: "test.flaky" });
    expect(done!.status).toBe("done");

    await h.services.uow.repos.jobs.enqueue({ type: "test.crash", payload: {}, runAt: clock.now() });
    const [pending] = await h.services.uow.repos.jobs.list({ type: "test.crash" });
    expect(await h.services.uow.repos.jobs.claim(pending!, "crashed-worker", new Date(clock.now().getTime() + 60_000))).toBe(true);
    let rescued = 0;
    const rescuer = new JobWorker(h.services.uow, clock).register("test.crash", async () => void rescued++);
    expect(await rescuer.runDue()).toBe(0);
    clock.advance(61_000);
    expect(await rescuer.runDue()).toBe(1);
    expect(rescued).toBe(1);
  });

  it("collects blobs whose last reference went away when the trash is emptied", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    const file = await putFile(h.services, actor, rootId, "doomed.txt", "bye");
    const [copy] = await h.services.files.copy(actor, [file.id], rootId);
    const content = await h.services.downloads.openFile(actor, file.id);
    const blob = (await h.services.uow.repos.blobs.findById(content.version.blobId))!;
    const driver = h.services.storage.driverFor(await h.services.spaces.defaultPolicy());
    await h.services.trash.trash(actor, [file.id]);
    await h.services.trash.emptyTrash(actor);
    await worker.runDue();
    expect(await driver.stat(blob.key)).not.toBeNull();
    await h.services.trash.trash(actor, [copy!.node.id]);
    await h.services.trash.emptyTrash(actor);
    await worker.runDue();
    expect(await driver.stat(blob.key)).toBeNull();
    expect(await h.services.uow.repos.blobs.findById(blob.id)).toBeNull();
  });

  it("the upload-expiry job releases reservations and keeps itself scheduled", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await h.services.uploads.begin(actor, `abandoned-${provider}`, { parentId: rootId, name: "a.bin", size: 42 });
    await h.services.jobs.enqueue("uploads.expire", {}, { uniqueKey: "recurring:uploads.expire" });
    clock.advance(25 * 60 * 60 * 1000);
    await worker.runDue();
    expect((await h.services.spaces.personalSpace(user.id)).reservedBytes).toBe(0);
    const [job] = await h.services.uow.repos.jobs.list({ type: "uploads.expire" });
    expect(job!.status).toBe("queued");
    expect(job!.runAt.getTime()).toBeGreaterThan(clock.now().getTime());
  });
});
