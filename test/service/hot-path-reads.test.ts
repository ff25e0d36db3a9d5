import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import type { RequestMemo } from "@/lib/domain/permissions";
import { STATE_WITH_PLACE_SQL } from "@/lib/repositories/credential.repository";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { makeTeam } from "../helpers/teams";
import type { Actor } from "@/lib/domain/permissions";
import { statementCounter } from "../helpers/statement-counter";

const PROVIDERS = await providers();
const PASSWORD = "correct horse battery";

/**
 * The reads every WebDAV request starts with. Remembered Basic credentials (AppPasswordService with its
 * CredentialCache): a repeated request skips argon2 and costs one statement, and every change that must refuse the
 * account refuses the very next request. The raw one-statement reads are checked against their Prisma paths.
 */
describe.each(PROVIDERS)("hot-path reads on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  let counter: ReturnType<typeof statementCounter>;
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    counter = statementCounter();
  });
  afterAll(async () => {
    counter?.restore();
    await h?.close();
  });

  const authenticate = (username: string, password: string) => h.services.appPasswords.authenticate(username, password, "203.0.113.9");
  const withMemoFor = (username: string, password: string) => h.services.appPasswords.authenticate(username, password, "203.0.113.9", { roles: new Map() });

  it("reads the credential state in one statement, exactly as the Prisma reads answer it", async () => {
    const repos = h.services.uow.repos;
    const { user, spaceId } = await makeUser(h.services);
    const other = await makeUser(h.services);
    const { appPassword } = await h.services.appPasswords.create(null, user.id, { name: "sync", readOnly: true });
    const { appPassword: foreign } = await h.services.appPasswords.create(null, other.user.id, { name: "theirs" });
    const same = async (userId: number, appPasswordId: number | null) => {
      const fast = await repos.credentials.state(userId, appPasswordId);
      expect(fast).toEqual(await repos.credentials.stateViaPrisma(userId, appPasswordId));
      return fast;
    };
    expect(await same(user.id, null)).toMatchObject({ user: { id: user.id }, twoFactorOn: false, sitePolicy: undefined, partnerExpiresAt: null, appPassword: null });
    expect((await same(user.id, appPassword.id))?.appPassword).toMatchObject({ id: appPassword.id, readOnly: true, revokedAt: null });
    expect((await same(user.id, foreign.id))?.appPassword, "another account's app password is not this one's").toBeNull();
    expect(await same(999_999, null)).toBeNull();

    await repos.twoFactor.savePending(user.id, "sealed");
    expect((await same(user.id, null))?.twoFactorOn, "a pending enrolment is not on").toBe(false);
    await repos.twoFactor.enable(user.id, clock.now(), 1);
    await repos.settings.set("twoFactorPolicy", { required: true });
    const expires = new Date("2031-02-03T00:00:00Z");
    await repos.partners.create({ userId: user.id, company: "Acme", teamSpaceId: spaceId, sponsorId: null, expiresAt: expires });
    await h.services.appPasswords.revoke(null, appPassword.id);
    const changed = await same(user.id, appPassword.id);
    expect(changed).toMatchObject({ twoFactorOn: true, sitePolicy: { required: true }, partnerExpiresAt: expires });
    expect(changed?.appPassword?.revokedAt).toBeInstanceOf(Date);
    await repos.settings.set("twoFactorPolicy", { required: false });
  });

  it("reads the credential state with the personal place in one statement, as the Prisma reads answer them", async () => {
    const repos = h.services.uow.repos;
    const { user, spaceId, rootId } = await makeUser(h.services);
    const { appPassword } = await h.services.appPasswords.create(null, user.id, { name: "sync" });
    const same = async (userId: number, appPasswordId: number | null) => {
      const fast = await repos.credentials.stateWithPlace(userId, appPasswordId);
      expect(fast).toEqual(await repos.credentials.stateWithPlaceViaPrisma(userId, appPasswordId));
      // The same answers as the two reads it replaces.
      const state = await repos.credentials.state(userId, appPasswordId);
      expect(fast && { ...fast, personal: undefined }).toEqual(state && { ...state, personal: undefined });
      if (fast) expect(fast.personal).toEqual(await repos.spaces.findPersonalWithRoot(userId));
      return fast;
    };
    const fast = await same(user.id, appPassword.id);
    expect(fast).toMatchObject({ user: { id: user.id }, appPassword: { id: appPassword.id }, personal: { space: { id: spaceId, kind: "personal", rootNodeId: rootId }, root: { id: rootId, isFolder: true, parentId: null }, role: expect.any(String) } });
    expect((await same(user.id, null))?.appPassword).toBeNull();
    expect(await same(999_999, null)).toBeNull();

    // Every table is reached by an index seek, whatever the number of accounts and spaces (SQLite's plan).
    if (provider === "sqlite") {
      const db = new Database(h.services.config.databaseUrl.replace(/^file:/, ""), { readonly: true });
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${STATE_WITH_PLACE_SQL}`).all(appPassword.id, user.id) as { detail: string }[];
      db.close();
      expect(plan.map((p) => p.detail).filter((d) => /^(SCAN|MATERIALIZE)|TEMP B-TREE/.test(d))).toEqual([]);
    }

    // An account without a personal space (or whose space has no root) has no place; the credential state stands.
    const bare = await repos.users.create({ username: `noplace${Date.now()}`, displayName: "No place", email: null, passwordHash: "x", role: "user" });
    expect((await same(bare.id, null))?.personal).toBeNull();
    const spaces = h.services.uow.repos.spaces;
    const rootless = await spaces.create({ kind: "personal", name: "rootless", ownerId: bare.id, quota: null, policyId: (await spaces.findById(spaceId))!.policyId });
    expect((await same(bare.id, null))?.personal).toBeNull();
    expect(rootless.rootNodeId).toBeNull();
  });

  it("reads a version and where its bytes are in one statement, as Prisma's include answers it", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const file = await putFile(h.services, actor, rootId, "v.txt", "version");
    const blobs = h.services.uow.repos.blobs;
    const fast = await blobs.findVersionWithLocation(file.currentVersionId!);
    expect(fast).toEqual(await blobs.findVersionWithLocationViaPrisma(file.currentVersionId!));
    expect(fast).toMatchObject({ version: { nodeId: file.id, size: 7 }, policy: { kind: "local" } });
    expect(await blobs.findVersionWithLocation(999_999)).toBeNull();
  });

  it("reads a child by name with its version and where its bytes are in one statement, as Prisma's include answers it", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const file = await putFile(h.services, actor, rootId, "c.txt", "content");
    const { node: folder } = await h.services.files.createFolder(actor, rootId, "sub");
    const nodes = h.services.uow.repos.nodes;
    const fast = await nodes.findLiveChildWithContent(rootId, "c.txt");
    expect(fast).toEqual(await nodes.findLiveChildWithContentViaPrisma(rootId, "c.txt"));
    expect(fast).toMatchObject({ node: { id: file.id, isFolder: false }, content: { version: { id: file.currentVersionId, nodeId: file.id, size: 7 }, policy: { kind: "local" } } });
    expect(fast?.content).toEqual(await h.services.uow.repos.blobs.findVersionWithLocation(file.currentVersionId!));
    const dir = await nodes.findLiveChildWithContent(rootId, "sub");
    expect(dir).toEqual(await nodes.findLiveChildWithContentViaPrisma(rootId, "sub"));
    expect(dir).toMatchObject({ node: { id: folder.id, isFolder: true }, content: null });
    expect(await nodes.findLiveChildWithContent(rootId, "missing")).toBeNull();
    expect(await nodes.findLiveChildWithContentViaPrisma(rootId, "missing")).toBeNull();
  });

  it("reads the personal space, its root and the owner's role in one statement, as the Prisma reads answer them", async () => {
    const { user, rootId, spaceId } = await makeUser(h.services);
    const spaces = h.services.uow.repos.spaces;
    const fast = await spaces.findPersonalWithRoot(user.id);
    expect(fast).toEqual(await spaces.findPersonalWithRootViaPrisma(user.id));
    expect(fast).toMatchObject({ space: { id: spaceId, kind: "personal", rootNodeId: rootId }, root: { id: rootId, isFolder: true, parentId: null }, role: expect.any(String) });
    await spaces.addUsed(spaceId, 12);
    expect((await spaces.findPersonalWithRoot(user.id))?.space.usedBytes).toBe(fast!.space.usedBytes + 12);
    expect(await spaces.findPersonalWithRoot(999_999)).toBeNull();
    expect(await spaces.findPersonalWithRootViaPrisma(999_999)).toBeNull();
  });

  it("re-checks a remembered account password in one statement and refuses it after any change that must", async () => {
    const { user } = await makeUser(h.services);
    const repos = h.services.uow.repos;
    const remembered = async () => {
      await authenticate(user.username, PASSWORD); // argon2 once, then remembered
      const run = await counter.measure(async () => {
        await expect(authenticate(user.username, PASSWORD)).resolves.toMatchObject({ userId: user.id, appPasswordId: null });
      });
      expect(run.count, run.log.join("\n")).toBe(1);
    };
    // With a request memo (as WebDAV asks), so the re-check that reads the personal place too is the one refusing.
    const refusedNow = async () => {
      const memo: RequestMemo = { roles: new Map() };
      await expect(h.services.appPasswords.authenticate(user.username, PASSWORD, "203.0.113.9", memo)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
      expect(memo.personal, "a refused credential leaves nothing in the memo").toBeUndefined();
    };

    await remembered();
    await repos.users.update(user.id, { disabled: true });
    await refusedNow();
    await repos.users.update(user.id, { disabled: false });

    await remembered();
    await repos.users.update(user.id, { twoFactorRequired: true });
    await refusedNow();
    await repos.users.update(user.id, { twoFactorRequired: false });

    await remembered();
    await repos.settings.set("twoFactorPolicy", { required: true });
    await refusedNow();
    await repos.settings.set("twoFactorPolicy", { required: false });

    await remembered();
    await repos.twoFactor.savePending(user.id, "sealed");
    await repos.twoFactor.enable(user.id, clock.now(), 1);
    await refusedNow();
    await repos.twoFactor.remove(user.id);

    await remembered();
    await h.services.users.update(null, user.id, { password: "a different long passphrase" });
    await refusedNow();
  });

  it("re-checks a remembered app password in one statement: revocation and partner expiry apply to the next request", async () => {
    const { user, spaceId } = await makeUser(h.services);
    const { password, appPassword } = await h.services.appPasswords.create(null, user.id, { name: "sync" });
    await authenticate(user.username, password);
    const run = await counter.measure(async () => {
      await expect(authenticate(user.username, password)).resolves.toMatchObject({ userId: user.id, appPasswordId: appPassword.id });
    });
    expect(run.count, run.log.join("\n")).toBe(1);
    // With the request's memo (WebDAV): the same one statement also reads the personal place, which the request's
    // FileService.personalPlace then takes from the memo (no statement of its own).
    const memo: RequestMemo = { roles: new Map() };
    const withPlace = await counter.measure(async () => {
      const actor = await h.services.appPasswords.authenticate(user.username, password, "203.0.113.9", memo);
      expect(actor.requestMemo).toBe(memo);
      expect((await h.services.files.personalPlace(actor)).space.id).toBe(spaceId);
    });
    expect(withPlace.count, withPlace.log.join("\n")).toBe(1);
    expect(memo.personal).toEqual(await h.services.uow.repos.spaces.findPersonalWithRoot(user.id));
    expect(memo.roles.get(spaceId)).toBe(memo.personal?.role);
    await expect(authenticate(`${user.username}x`, password), "only under its own username").rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await h.services.appPasswords.revoke(null, appPassword.id);
    await expect(authenticate(user.username, password)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const refusedMemo: RequestMemo = { roles: new Map() };
    await expect(h.services.appPasswords.authenticate(user.username, password, "203.0.113.9", refusedMemo)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(refusedMemo.personal, "a refused credential leaves nothing in the memo").toBeUndefined();

    // A partner's account ends on its expiry day, before the hourly job disables it.
    const partner = await makeUser(h.services);
    await h.services.uow.repos.users.update(partner.user.id, { role: "partner" });
    await h.services.uow.repos.partners.create({ userId: partner.user.id, company: "Acme", teamSpaceId: spaceId, sponsorId: null, expiresAt: new Date(clock.now().getTime() + 60_000) });
    const second = await h.services.appPasswords.create(null, partner.user.id, { name: "phone" });
    await expect(authenticate(partner.user.username, second.password)).resolves.toMatchObject({ userId: partner.user.id });
    await expect(authenticate(partner.user.username, second.password)).resolves.toMatchObject({ userId: partner.user.id });
    clock.advance(61_000);
    await expect(authenticate(partner.user.username, second.password)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  /** A write through a connection of its own, as the CLI or another server process on the same database makes it. */
  const writeElsewhere = async (sql: string, params: unknown[]) => {
    const url = h.services.config.databaseUrl;
    if (provider === "sqlite") {
      const other = new Database(url.replace(/^file:/, ""));
      try {
        other.prepare(sql.replace(/\$\d+/g, "?")).run(...params.map((p) => (p instanceof Date ? p.toISOString().replace("Z", "+00:00") : p)));
      } finally {
        other.close();
      }
      return;
    }
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query(sql, params);
    } finally {
      await other.end();
    }
  };

  it("answers a repeated re-check from the remembered row while nothing changed (SQLite), and refuses a credential revoked by another process at the next request", async () => {
    const { user } = await makeUser(h.services);
    const { password, appPassword } = await h.services.appPasswords.create(null, user.id, { name: "cli-revoked" });
    const withMemo = () => h.services.appPasswords.authenticate(user.username, password, "203.0.113.9", { roles: new Map() });
    await withMemo();
    await withMemo();
    const repeated = await counter.measure(async () => {
      await expect(withMemo()).resolves.toMatchObject({ userId: user.id, appPasswordId: appPassword.id });
    });
    // SQLite: the WAL-index headers say nothing committed since the row was read (SqliteReader.getRemembered).
    expect(repeated.count, repeated.log.join("\n")).toBe(provider === "sqlite" ? 0 : 1);
    await writeElsewhere(`UPDATE "AppPassword" SET "revokedAt" = $1 WHERE "id" = $2`, [clock.now(), appPassword.id]);
    await expect(withMemo()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(authenticate(user.username, password)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });

    // The account password, disabled elsewhere.
    await withMemoFor(user.username, PASSWORD);
    await withMemoFor(user.username, PASSWORD);
    await writeElsewhere(`UPDATE "User" SET "disabled" = $1 WHERE "id" = $2`, [provider === "sqlite" ? 1 : true, user.id]);
    await expect(withMemoFor(user.username, PASSWORD)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("decides rights from the request's memo alone exactly as the rule with its reads does, and only where no read can change them", async () => {
    const access = h.services.access;
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    const viewer = await makeUser(h.services);
    const partner = await makeUser(h.services);
    await h.services.uow.repos.users.update(partner.user.id, { role: "partner" });
    const team = await makeTeam(h.services, owner.user.id, { members: [{ userId: editor.user.id, role: "editor" }, { userId: viewer.user.id, role: "viewer" }, { userId: partner.user.id, role: "partner" }] });
    const folder = await h.services.files.createFolder(owner.actor, team.rootId, "inside");
    const file = await putFile(h.services, owner.actor, folder.node.id, "f.txt", "x");
    const own = await h.services.files.createFolder(owner.actor, owner.rootId, "mine");
    const nodes = [(await h.services.uow.repos.nodes.findById(team.rootId))!, folder.node, file, (await h.services.uow.repos.nodes.findById(owner.rootId))!, own.node];
    const actors: Actor[] = [
      owner.actor,
      { ...owner.actor, readOnly: true },
      { ...owner.actor, scopeNodeId: own.node.id },
      { ...owner.actor, scopeNodeId: folder.node.id },
      editor.actor,
      viewer.actor,
      { userId: partner.user.id, role: "partner" },
    ];
    const answeredNow: number[] = [];
    for (const [i, actor] of actors.entries()) {
      const memo: RequestMemo = { roles: new Map() };
      for (const spaceId of [team.spaceId, owner.spaceId]) memo.roles.set(spaceId, await h.services.uow.repos.spaces.memberRole(spaceId, actor.userId));
      const now = access.rightsOnManyNow({ ...actor, requestMemo: memo }, nodes);
      // Without a memo nothing is answered at once: the rule reads what it needs.
      expect(access.rightsOnManyNow(actor, nodes)).toBeUndefined();
      const read = await access.rightsOnMany(actor, nodes, h.services.uow.repos);
      if (now) answeredNow.push(i);
      if (now) expect(now, JSON.stringify(actor)).toEqual(read);
      expect(await access.rightsOnMany({ ...actor, requestMemo: memo }, nodes, h.services.uow.repos)).toEqual(read);
    }
    // The owner (team admin, owner of its space) in its plain, read-only and folder-limited credentials is decided at
    // once; the editor (no role in the owner's space: grants could apply), the viewer and the partner read.
    expect(answeredNow).toEqual([0, 1, 2, 3]);
  });

  it("sees a file renamed or replaced by another process at the next path lookup", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const file = await putFile(h.services, actor, rootId, "seen.txt", "one");
    const nodes = h.services.uow.repos.nodes;
    expect((await nodes.findLiveChildWithContent(rootId, "seen.txt"))?.node.id).toBe(file.id);
    expect((await nodes.findLiveChildWithContent(rootId, "seen.txt"))?.node.id).toBe(file.id);
    await writeElsewhere(`UPDATE "Node" SET "name" = $1, "liveName" = $2 WHERE "id" = $3`, ["renamed.txt", "renamed.txt", file.id]);
    expect(await nodes.findLiveChildWithContent(rootId, "seen.txt")).toBeNull();
    expect(await nodes.findLiveChild(rootId, "seen.txt")).toBeNull();
    expect((await nodes.findLiveChild(rootId, "renamed.txt"))?.name).toBe("renamed.txt");
    // Each answer is a record of its own: changing one changes no later answer.
    const first = (await nodes.findLiveChild(rootId, "renamed.txt"))!;
    first.name = "changed by a caller";
    first.mtime.setTime(0);
    const again = (await nodes.findLiveChild(rootId, "renamed.txt"))!;
    expect(again.name).toBe("renamed.txt");
    expect(again.mtime.getTime()).not.toBe(0);
  });
});
