import { describe, expect, it } from "vitest";
import { ShareSigner } from "./share-signer";

const now = new Date("2026-05-01T00:00:00Z");
const later = new Date(now.getTime() + 600_000);

describe("ShareSigner", () => {
  const sut = new ShareSigner(() => "site secret");

  it("accepts its own password proof until it expires", () => {
    const link = { id: 4, passwordHash: "$argon2id$a" };
    const proof = sut.passwordProof(link, later);
    expect(sut.validPasswordProof(link, proof, now)).toBe(true);
    expect(sut.validPasswordProof(link, proof, later)).toBe(false);
  });

  it("binds the proof to the link and its password hash", () => {
    const proof = sut.passwordProof({ id: 4, passwordHash: "$argon2id$a" }, later);
    expect(sut.validPasswordProof({ id: 4, passwordHash: "$argon2id$b" }, proof, now)).toBe(false);
    expect(sut.validPasswordProof({ id: 5, passwordHash: "$argon2id$a" }, proof, now)).toBe(false);
  });

  it("binds viewer tokens to link and node, and refuses forgeries and other secrets", () => {
    const token = sut.viewerToken(1, 2, later);
    expect(sut.validViewerToken(1, 2, token, now)).toBe(true);
    expect(sut.validViewerToken(1, 3, token, now)).toBe(false);
    expect(sut.validViewerToken(2, 2, token, now)).toBe(false);
    const [exp] = token.split(".");
    expect(sut.validViewerToken(1, 2, `${Number(exp) + 1000}.${token.split(".")[1]}`, now)).toBe(false);
    expect(new ShareSigner(() => "other").validViewerToken(1, 2, token, now)).toBe(false);
    for (const bad of [undefined, "", "x", "1.2.3", "abc.def"]) expect(sut.validViewerToken(1, 2, bad, now)).toBe(false);
  });
});
