import { describe, expect, it } from "vitest";
import { linkActor, linkState, TOKEN_PATTERN } from "./share";

const base = { revokedAt: null, expiresAt: null, downloadLimit: null, downloadCount: 0 };
const now = new Date("2026-06-01T00:00:00Z");

describe("linkState", () => {
  it("is live without limits", () => expect(linkState(base, now)).toBe("live"));
  it("is revoked before anything else", () => expect(linkState({ ...base, revokedAt: now, expiresAt: new Date(0) }, now)).toBe("revoked"));
  it("expires at its expiry instant", () => {
    expect(linkState({ ...base, expiresAt: now }, now)).toBe("expired");
    expect(linkState({ ...base, expiresAt: new Date(now.getTime() + 1) }, now)).toBe("live");
  });
  it("is exhausted at its download limit", () => {
    expect(linkState({ ...base, downloadLimit: 2, downloadCount: 1 }, now)).toBe("live");
    expect(linkState({ ...base, downloadLimit: 2, downloadCount: 2 }, now)).toBe("exhausted");
  });
});

describe("linkActor", () => {
  it("is scoped to the link's node and carries the mode", () => {
    expect(linkActor({ id: 3, nodeId: 9, createdById: 2, mode: "preview" })).toEqual({ userId: 2, role: "user", scopeNodeId: 9, link: { id: 3, mode: "preview" } });
  });
});

describe("TOKEN_PATTERN", () => {
  it("accepts 128-bit base64url and refuses path tricks", () => {
    expect(TOKEN_PATTERN.test("AAAAAAAAAAAAAAAAAAAAAA")).toBe(true);
    expect(TOKEN_PATTERN.test("..")).toBe(false);
    expect(TOKEN_PATTERN.test("abc/../../etc")).toBe(false);
  });
});
