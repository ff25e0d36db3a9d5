import { describe, expect, it } from "vitest";
import { SecretBox, secretKeyMaterial } from "./secret-box";

describe("SecretBox", () => {
  const box = new SecretBox(() => "key material one", "totp");

  it("seals to an opaque value that opens to the original", () => {
    const sealed = box.seal("JBSWY3DPEHPK3PXP");
    expect(sealed.startsWith("v1:")).toBe(true);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(SecretBox.isSealed("JBSWY3DPEHPK3PXP")).toBe(false);
    expect(box.open(sealed)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("uses a fresh IV each time", () => {
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it("refuses a tampered value, another key and another purpose", () => {
    const sealed = box.seal("secret");
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[raw.length - 1] ^= 1;
    expect(() => box.open(`v1:${raw.toString("base64url")}`)).toThrow();
    expect(() => new SecretBox(() => "key material two", "totp").open(sealed)).toThrow();
    expect(() => new SecretBox(() => "key material one", "s3").open(sealed)).toThrow();
    expect(() => box.open("plain")).toThrow(/not a sealed/);
  });

  it("follows a changed key material (read at each use) and refuses to work without one", () => {
    let material = "a";
    const moving = new SecretBox(() => material);
    const sealed = moving.seal("x");
    material = "b";
    expect(() => moving.open(sealed)).toThrow();
    material = "";
    expect(() => moving.seal("x")).toThrow(/HAVEN_SECRET_KEY/);
  });

  it("prefers HAVEN_SECRET_KEY over AUTH_SECRET", () => {
    expect(secretKeyMaterial({ HAVEN_SECRET_KEY: "k", AUTH_SECRET: "a" })).toBe("k");
    expect(secretKeyMaterial({ AUTH_SECRET: "a" })).toBe("a");
  });
});
