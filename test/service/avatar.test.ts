import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors";
import { makeUser, readAll } from "../helpers/factories";
import { createHarness, providers, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();

/** A photo-like JPEG with EXIF (a camera model and GPS-ish comment) that must not survive. */
async function photo(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .jpeg()
    .withExif({ IFD0: { Make: "SecretCam", Model: "Model X", ImageDescription: "home address 12 Privet Drive" } })
    .toBuffer();
}

describe.each(PROVIDERS)("avatars on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("stores an upload as a 256 px square WebP without metadata, served with its ETag to any signed-in user", async () => {
    const { actor, user } = await makeUser(h.services);
    const viewer = await makeUser(h.services);
    const upload = await photo(1200, 800);
    expect(upload.toString("latin1")).toContain("SecretCam");
    const { etag } = await h.services.avatars.set(actor, upload);
    expect((await h.services.users.get(user.id))!.avatarEtag).toBe(etag);

    const served = await h.services.avatars.get(viewer.actor, user.id);
    expect(served.etag).toBe(etag);
    expect(served.mime).toBe("image/webp");
    const bytes = await readAll(await served.body());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.toString("latin1")).not.toContain("SecretCam");
  });

  it("replacing the picture changes the ETag and deletes the old bytes; removing it leaves none", async () => {
    const { actor, user } = await makeUser(h.services);
    const first = await h.services.avatars.set(actor, await photo(300, 300));
    const png = await sharp({ create: { width: 64, height: 128, channels: 4, background: "#00ff0080" } }).png().toBuffer();
    const second = await h.services.avatars.set(actor, png);
    expect(second.etag).not.toBe(first.etag);
    expect(await h.services.storage.avatars().stat(first.etag)).toBeNull();
    expect(await h.services.storage.avatars().stat(second.etag)).not.toBeNull();

    await h.services.avatars.remove(actor);
    expect((await h.services.users.get(user.id))!.avatarEtag).toBeNull();
    expect(await h.services.storage.avatars().stat(second.etag)).toBeNull();
    expect(await codeOf(h.services.avatars.get(actor, user.id))).toBe("NOT_FOUND");
  });

  it("refuses non-images, huge files and huge pictures with clear errors, keeping the old avatar", async () => {
    const { actor, user } = await makeUser(h.services);
    const { etag } = await h.services.avatars.set(actor, await photo(100, 100));
    expect(await codeOf(h.services.avatars.set(actor, Buffer.from("<svg onload=alert(1)>not really</svg>")))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.avatars.set(actor, Buffer.from("%PDF-1.4 hello")))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.avatars.set(actor, Buffer.alloc(10 * 1024 * 1024 + 1)))).toBe("TOO_LARGE");
    // 50 megapixels that compress to a few kilobytes (a decompression bomb for a naive resizer).
    const bomb = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: "#fff" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await codeOf(h.services.avatars.set(actor, bomb))).toBe("TOO_LARGE");
    expect((await h.services.users.get(user.id))!.avatarEtag).toBe(etag);
  });

  it("share-link visitors see no avatars", async () => {
    const { actor, user } = await makeUser(h.services);
    await h.services.avatars.set(actor, await photo(50, 50));
    expect(await codeOf(h.services.avatars.get({ userId: user.id, role: "user", link: { id: 1 } } as never, user.id))).toBe("FORBIDDEN");
  });
});
