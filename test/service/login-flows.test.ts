import { createHash } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();
const PASSWORD = "correct horse battery";
const AGENT = "Mozilla/5.0 (Linux) mirall/3.7.3 (Nextcloud, debian-6.1 ClientArchitecture: x86_64 OsArchitecture: x86_64)";

describe.each(PROVIDERS)("Nextcloud login flows on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-03-01T10:00:00Z"));
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("v2: the poll waits (404) until granted, then returns a working app password named after the client, once", async () => {
    const { actor, user } = await makeUser(h.services);
    const { loginToken, pollToken } = await h.services.loginFlows.start("v2", AGENT);
    expect(pollToken!.startsWith(loginToken)).toBe(true);
    expect(await h.services.loginFlows.describe(loginToken)).toEqual({ kind: "v2", clientName: AGENT.slice(0, 100), granted: false });
    expect(await codeOf(h.services.loginFlows.poll(pollToken!))).toBe("NOT_FOUND");
    expect(await h.services.loginFlows.grant(actor, loginToken)).toEqual({ kind: "v2" });
    // Only hashes of the tokens, and no readable password, are stored.
    const row = await h.services.uow.repos.loginFlows.findByLoginToken(createHash("sha256").update(`login:${loginToken}`).digest("hex"));
    expect(row?.grantedAt).not.toBeNull();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(loginToken.slice(0, 20));
    expect(stored).not.toContain("hp-");
    const { loginName, appPassword } = await h.services.loginFlows.poll(pollToken!);
    expect(loginName).toBe(user.username);
    expect((await h.services.appPasswords.authenticate(user.username, appPassword, null)).userId).toBe(user.id);
    const listed = await h.services.appPasswords.list(actor, user.id);
    expect(listed.map((p) => p.name)).toContain(AGENT.slice(0, 100));
    // A poll token used twice gets 404, and the grant page says it is done.
    expect(await codeOf(h.services.loginFlows.poll(pollToken!))).toBe("NOT_FOUND");
    expect((await h.services.loginFlows.describe(loginToken)).granted).toBe(true);
    expect(await codeOf(h.services.loginFlows.grant(actor, loginToken))).toBe("CONFLICT");
    // Revocable under Settings → Security like every app password.
    await h.services.appPasswords.revoke(actor, listed.find((p) => p.name === AGENT.slice(0, 100))!.id);
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, appPassword, null))).toBe("UNAUTHENTICATED");
  });

  it("expires after 20 minutes: neither grant nor poll works then", async () => {
    const { actor } = await makeUser(h.services);
    const late = await h.services.loginFlows.start("v2", AGENT);
    const granted = await h.services.loginFlows.start("v2", AGENT);
    await h.services.loginFlows.grant(actor, granted.loginToken);
    clock.advance(20 * 60 * 1000 + 1);
    expect(await codeOf(h.services.loginFlows.describe(late.loginToken))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.loginFlows.grant(actor, late.loginToken))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.loginFlows.poll(granted.pollToken!))).toBe("NOT_FOUND");
  });

  it("the loginflows.expire job deletes expired flows (granted or not) without a new flow starting, and keeps live ones", async () => {
    const { actor } = await makeUser(h.services);
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    const row = (token: string) => h.services.uow.repos.loginFlows.findByLoginToken(createHash("sha256").update(`login:${token}`).digest("hex"));
    const waiting = await h.services.loginFlows.start("v2", AGENT);
    const granted = await h.services.loginFlows.start("v2", AGENT);
    await h.services.loginFlows.grant(actor, granted.loginToken);
    clock.advance(20 * 60 * 1000 + 1);
    // Rows still there: nothing has started a flow since, and the job has not run.
    expect(await row(waiting.loginToken)).not.toBeNull();
    await h.services.jobs.enqueue("loginflows.expire", {}, { uniqueKey: "recurring:loginflows.expire" });
    await worker.runDue();
    expect(await row(waiting.loginToken)).toBeNull();
    expect(await row(granted.loginToken)).toBeNull();
    const live = await h.services.loginFlows.start("v2", AGENT);
    await h.services.jobs.enqueue("loginflows.expire", {}, { uniqueKey: "once:loginflows.expire" });
    await worker.runDue();
    expect(await row(live.loginToken)).not.toBeNull();
  });

  it("v1 hands the credentials to the grant page at once; unknown tokens and app-password actors are refused", async () => {
    const { actor, user } = await makeUser(h.services);
    const { loginToken, pollToken } = await h.services.loginFlows.start("v1", "");
    expect(pollToken).toBeNull();
    expect((await h.services.loginFlows.describe(loginToken)).clientName).toBe("unknown");
    const grant = await h.services.loginFlows.grant(actor, loginToken);
    if (grant.kind !== "v1") throw new Error("expected v1");
    expect(grant.loginName).toBe(user.username);
    expect((await h.services.appPasswords.authenticate(user.username, grant.appPassword, null)).userId).toBe(user.id);
    expect(await codeOf(h.services.loginFlows.describe("nope"))).toBe("NOT_FOUND");
    const other = await h.services.loginFlows.start("v1", AGENT);
    expect(await codeOf(h.services.loginFlows.grant({ ...actor, readOnly: true }, other.loginToken))).toBe("FORBIDDEN");
  });

  it("an account with two-step verification signs in with its code first (the grant page's session), then grants", async () => {
    const { actor, user } = await makeUser(h.services);
    const { secret } = await h.services.twoFactor.begin(actor);
    await h.services.twoFactor.confirm(actor, TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now().getTime() }));
    // The account password no longer works for native clients: only the flow's app password does.
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, PASSWORD, null))).toBe("UNAUTHENTICATED");
    const { loginToken, pollToken } = await h.services.loginFlows.start("v2", AGENT);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, { ip: null, userAgent: null }))).toBe("SECOND_FACTOR_REQUIRED");
    clock.advance(30_000);
    const { sessionId } = await h.services.auth.login(user.username, PASSWORD, { ip: null, userAgent: null }, TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now().getTime() }));
    const session = (await h.services.auth.actorForSession(sessionId))!;
    await h.services.loginFlows.grant(session, loginToken);
    const { appPassword } = await h.services.loginFlows.poll(pollToken!);
    expect((await h.services.appPasswords.authenticate(user.username, appPassword, null)).userId).toBe(user.id);
  });
});
