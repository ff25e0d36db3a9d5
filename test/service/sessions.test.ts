import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();
const PASSWORD = "correct horse battery";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

describe.each(PROVIDERS)("browser sessions on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-04-01T09:00:00Z"));
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  async function signedIn(username: string, userAgent: string, ip: string) {
    const { sessionId } = await h.services.auth.login(username, PASSWORD, { ip, userAgent });
    return sessionId;
  }

  it("lists the user's own live sessions with the device parsed, the IP, and this device marked", async () => {
    const { user, actor } = await makeUser(h.services);
    const other = await makeUser(h.services);
    const desk = await signedIn(user.username, FIREFOX, "192.0.2.10");
    clock.advance(60_000);
    const phone = await signedIn(user.username, IPHONE, "198.51.100.20");
    await signedIn(other.user.username, FIREFOX, "192.0.2.99");
    const ended = await signedIn(user.username, FIREFOX, "192.0.2.11");
    await h.services.auth.logout(ended);

    const list = await h.services.sessions.list(actor, phone);
    expect(list.map((s) => s.id).sort()).toEqual([desk, phone].sort());
    const d = list.find((s) => s.id === desk)!;
    expect(d).toMatchObject({ browser: "Firefox 128", os: "Windows 10", deviceType: "desktop", ip: "192.0.2.10", current: false, createdAt: "2026-04-01T09:00:00.000Z" });
    const p = list.find((s) => s.id === phone)!;
    expect(p).toMatchObject({ browser: "Mobile Safari 17", os: "iOS 17.5", deviceType: "mobile", ip: "198.51.100.20", current: true });
  });

  it("last seen follows activity", async () => {
    const { user, actor } = await makeUser(h.services);
    const sid = await signedIn(user.username, FIREFOX, "192.0.2.1");
    clock.advance(10 * 60_000);
    await h.services.auth.actorForSession(sid);
    const [s] = await h.services.sessions.list(actor, sid);
    expect(s!.lastSeenAt).toBe(clock.now().toISOString());
  });

  it("revoking a session ends it on its next request; nobody else's session can be revoked", async () => {
    const { user, actor } = await makeUser(h.services);
    const intruder = await makeUser(h.services);
    const mine = await signedIn(user.username, FIREFOX, "192.0.2.1");
    const other = await signedIn(user.username, IPHONE, "192.0.2.2");
    expect(await codeOf(h.services.sessions.revoke(intruder.actor, other))).toBe("NOT_FOUND");
    expect(await h.services.auth.actorForSession(other)).not.toBeNull();
    await h.services.sessions.revoke(actor, other);
    expect(await h.services.auth.actorForSession(other)).toBeNull();
    expect(await h.services.auth.actorForSession(mine)).not.toBeNull();
    expect(await codeOf(h.services.sessions.revoke(actor, other))).toBe("NOT_FOUND");
    expect((await h.services.sessions.list(actor, mine)).map((s) => s.id)).toEqual([mine]);
  });

  it("signs out everywhere else, or everywhere including this device", async () => {
    const { user, actor } = await makeUser(h.services);
    const bystander = await makeUser(h.services);
    const keep = await signedIn(user.username, FIREFOX, "192.0.2.1");
    const a = await signedIn(user.username, IPHONE, "192.0.2.2");
    const b = await signedIn(user.username, IPHONE, "192.0.2.3");
    const theirs = await signedIn(bystander.user.username, FIREFOX, "192.0.2.4");

    expect(await h.services.sessions.signOutEverywhere(actor, keep)).toBe(2);
    expect(await h.services.auth.actorForSession(a)).toBeNull();
    expect(await h.services.auth.actorForSession(b)).toBeNull();
    expect(await h.services.auth.actorForSession(keep)).not.toBeNull();

    expect(await h.services.sessions.signOutEverywhere(actor, null)).toBe(1);
    expect(await h.services.auth.actorForSession(keep)).toBeNull();
    expect(await h.services.auth.actorForSession(theirs)).not.toBeNull();
  });

  it("counts the active sessions site-wide for the dashboard", async () => {
    const before = await h.services.sessions.activeCount();
    const { user } = await makeUser(h.services);
    const one = await signedIn(user.username, FIREFOX, "192.0.2.1");
    await signedIn(user.username, FIREFOX, "192.0.2.1");
    expect(await h.services.sessions.activeCount()).toBe(before + 2);
    await h.services.auth.logout(one);
    expect(await h.services.sessions.activeCount()).toBe(before + 1);
    clock.advance(31 * 24 * 60 * 60_000);
    expect(await h.services.sessions.activeCount()).toBe(0);
  });
});
