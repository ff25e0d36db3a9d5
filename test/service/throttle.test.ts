import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();
const RIGHT = "correct horse battery";
/** Failures one client may make on one account (or link) before the next attempt locks it. */
const FREE = 5;

let ipCounter = 0;
/** A fresh client address per call, so tests never share a counter. */
const freshIp = () => `198.51.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** Counts argon2 verifications, so a burst can tell how many of its attempts were checked. */
const verified = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/services/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/services/password")>();
  return { ...real, verifyPassword: (hash: string, password: string) => (verified.count++, real.verifyPassword(hash, password)) };
});

/**
 * Fires 39 wrong guesses at once, then the right password while they are still being verified (once the first
 * FREE + 1 verifications have started). Returns the codes, the right one's last.
 */
async function burst(attempt: (password: string) => Promise<unknown>): Promise<string[]> {
  verified.count = 0;
  const wrong = Array.from({ length: 39 }, (_, i) => codeOf(attempt(`wrong guess ${i}`)));
  await vi.waitFor(() => expect(verified.count).toBeGreaterThanOrEqual(FREE + 1), { timeout: 20_000, interval: 1 });
  const right = codeOf(attempt(RIGHT));
  const codes = [...(await Promise.all(wrong)), await right];
  // Only the free attempts and the one that set the lock were verified; every other one was refused unverified.
  expect(verified.count).toBe(FREE + 1);
  expect(codes.filter((c) => c !== "THROTTLED")).toHaveLength(FREE + 1);
  return codes;
}

describe.each(PROVIDERS)("password throttle on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("counts a burst of parallel sign-ins before verifying: the right password among 40 is refused", async () => {
    const { user } = await makeUser(h.services);
    const ip = freshIp();
    const codes = await burst((p) => h.services.auth.login(user.username, p, { ip, userAgent: null }));
    expect(codes.at(-1)).toBe("THROTTLED");
    // The refused attempts were never verified, so they cost nothing; the client stays locked.
    expect(await codeOf(h.services.auth.login(user.username, RIGHT, { ip, userAgent: null }))).toBe("THROTTLED");
  });

  it("WebDAV Basic (account password and app passwords) takes the same atomic path", async () => {
    const { user } = await makeUser(h.services);
    const apps = h.services.appPasswords;
    const { password: appPassword } = await apps.create(null, user.id, { name: "sync" });
    const ip = freshIp();
    const codes = await burst((p) => apps.authenticate(user.username, p, ip));
    expect(codes.at(-1)).toBe("THROTTLED");

    const other = freshIp();
    const fake = (seed: number) => `hp-${appPassword.slice(3, 19)}-${String(seed).padStart(32, "x")}`;
    const appCodes = await burst((p) => apps.authenticate(user.username, p === RIGHT ? appPassword : fake(Number(p.replace(/\D/g, ""))), other));
    expect(appCodes.at(-1)).toBe("THROTTLED");
  });

  it("share-link passwords take the same atomic path", async () => {
    const owner = await makeUser(h.services);
    const f = await putFile(h.services, owner.actor, owner.rootId, "guarded.txt", "x");
    const { link } = await h.services.shareLinks.createLink(owner.actor, f.id, { password: RIGHT });
    const ip = freshIp();
    const codes = await burst((p) => h.services.visitors.unlock({ token: link.token, cookies: {}, ip }, p));
    expect(codes.at(-1)).toBe("THROTTLED");
    // Another visitor with the right password still gets in.
    expect(await h.services.visitors.unlock({ token: link.token, cookies: {}, ip: freshIp() }, RIGHT)).not.toBeNull();
  });

  it("locks out the guessing client, not the account: another IP with the right password signs in", async () => {
    const { user } = await makeUser(h.services);
    const attacker = freshIp();
    const codes: string[] = [];
    for (let i = 0; i < FREE + 2; i++) codes.push(await codeOf(h.services.auth.login(user.username, `guess ${i}`, { ip: attacker, userAgent: null })));
    expect(codes).toEqual([...Array(FREE + 1).fill("UNAUTHENTICATED"), "THROTTLED"]);
    expect(await codeOf(h.services.auth.login(user.username, RIGHT, { ip: attacker, userAgent: null }))).toBe("THROTTLED");
    const { user: signedIn } = await h.services.auth.login(user.username, RIGHT, { ip: freshIp(), userAgent: null });
    expect(signedIn.id).toBe(user.id);
    // WebDAV Basic from that other client too.
    expect((await h.services.appPasswords.authenticate(user.username, RIGHT, freshIp())).userId).toBe(user.id);
  });

  it("a success gives the client its failures back", async () => {
    const { user } = await makeUser(h.services);
    const ip = freshIp();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < FREE - 1; i++) expect(await codeOf(h.services.auth.login(user.username, `guess ${i}`, { ip, userAgent: null }))).toBe("UNAUTHENTICATED");
      expect(await codeOf(h.services.auth.login(user.username, RIGHT, { ip, userAgent: null }))).toBe("OK");
    }
  });

  it("keeps a slower account-wide limit, past which only clients without failures get through, one per 10 s", async () => {
    const { user } = await makeUser(h.services);
    const attackers = Array.from({ length: 5 }, freshIp);
    // 20 failures spread so that no client reaches its own limit.
    for (const ip of attackers) for (let i = 0; i < 4; i++) await codeOf(h.services.auth.login(user.username, `guess ${i}`, { ip, userAgent: null }));
    expect(await codeOf(h.services.auth.login(user.username, RIGHT, { ip: attackers[0]!, userAgent: null }))).toBe("THROTTLED");
    expect(await codeOf(h.services.auth.login(user.username, "guess", { ip: freshIp(), userAgent: null }))).toBe("UNAUTHENTICATED");
    const tooSoon = await h.services.auth.login(user.username, RIGHT, { ip: freshIp(), userAgent: null }).catch((e: unknown) => e);
    expect(tooSoon).toMatchObject({ code: "THROTTLED", details: { retryAfter: 10 } });
    clock.advance(10_000);
    expect((await h.services.auth.login(user.username, RIGHT, { ip: freshIp(), userAgent: null })).user.id).toBe(user.id);
    // The clients that failed stay refused until the window ends.
    expect(await codeOf(h.services.auth.login(user.username, RIGHT, { ip: attackers[1]!, userAgent: null }))).toBe("THROTTLED");
    clock.advance(15 * 60_000);
    expect(await codeOf(h.services.auth.login(user.username, RIGHT, { ip: attackers[1]!, userAgent: null }))).toBe("OK");
  });

  it("an IP spraying many accounts is slowed down, but does not lock out the other people behind it", async () => {
    const ip = freshIp();
    for (let i = 0; i < 100; i++) await codeOf(h.services.auth.login(`nobody-${provider}-${i}`, "x", { ip, userAgent: null }));
    expect(await codeOf(h.services.auth.login(`nobody-${provider}-0`, "x", { ip, userAgent: null }))).toBe("THROTTLED");
    clock.advance(10_000);
    const { user } = await makeUser(h.services);
    expect((await h.services.auth.login(user.username, RIGHT, { ip, userAgent: null })).user.id).toBe(user.id);
    const { user: next } = await makeUser(h.services);
    expect(await codeOf(h.services.auth.login(next.username, RIGHT, { ip, userAgent: null }))).toBe("THROTTLED");
    clock.advance(10_000);
    expect(await codeOf(h.services.auth.login(next.username, RIGHT, { ip, userAgent: null }))).toBe("OK");
  });

  it("the throttle.expire job deletes the counters whose window is over and keeps the others", async () => {
    const { user } = await makeUser(h.services);
    const [stale, recent] = [freshIp(), freshIp()];
    await codeOf(h.services.auth.login(user.username, "guess", { ip: stale, userAgent: null }));
    clock.advance(10 * 60_000);
    await codeOf(h.services.auth.login(user.username, "guess", { ip: recent, userAgent: null }));
    clock.advance(6 * 60_000);
    const counter = (ip: string) => h.services.uow.repos.auth.throttle(`acct:${user.username.toLowerCase()}|ip:${ip}`);
    expect(await counter(stale)).not.toBeNull();
    expect(await h.services.throttle.expire()).toBeGreaterThan(0);
    expect(await counter(stale)).toBeNull();
    expect(await counter(recent)).not.toBeNull();
  });
});
