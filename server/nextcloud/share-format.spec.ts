import { describe, expect, it } from "vitest";
import { grantPermissionOf, grantPermissions, linkModeOf, linkPermissions, parseExpireDate, parseShareId, shareIdOf } from "./share-format";
import { capabilityFlags, nextcloudCapabilities } from "./capabilities";

describe("OCS share mapping", () => {
  it("gives grants even and links odd ids that never collide and decode back", () => {
    expect(shareIdOf("grant", 7)).toBe(14);
    expect(shareIdOf("link", 7)).toBe(15);
    expect(parseShareId("14")).toEqual({ kind: "grant", id: 7 });
    expect(parseShareId("15")).toEqual({ kind: "link", id: 7 });
    for (const bad of ["0", "1", "-2", "abc", "1.5"]) expect(() => parseShareId(bad)).toThrow();
  });

  it("maps Nextcloud permission bits to view or edit and back", () => {
    expect(grantPermissionOf(1)).toBe("view");
    expect(grantPermissionOf(17)).toBe("view");
    expect(grantPermissionOf(3)).toBe("edit");
    expect(grantPermissionOf(31)).toBe("edit");
    expect(grantPermissions("edit", true)).toBe(15);
    expect(grantPermissions("edit", false)).toBe(3);
    expect(grantPermissions("view", true)).toBe(1);
  });

  it("maps link permissions: create only is a drop box, publicUpload is read-write", () => {
    expect(linkModeOf(null, false)).toBe("view");
    expect(linkModeOf(4, false)).toBe("upload");
    expect(linkModeOf(15, false)).toBe("edit");
    expect(linkModeOf(1, true)).toBe("edit");
    expect(linkPermissions("upload", true)).toBe(4);
    expect(linkPermissions("preview", false)).toBe(1);
  });

  it("reads expireDate as the end of that day; empty clears; garbage is refused", () => {
    expect(parseExpireDate(null)).toBeUndefined();
    expect(parseExpireDate("")).toBeNull();
    expect(parseExpireDate("2099-01-31")?.toISOString()).toBe("2099-01-31T23:59:59.000Z");
    expect(parseExpireDate("2099-01-31 00:00:00")?.toISOString()).toBe("2099-01-31T23:59:59.000Z");
    expect(() => parseExpireDate("tomorrow")).toThrow();
  });
});

describe("capabilities", () => {
  it("advertise chunking v2, bulk upload and SHA-1 unless switched off", () => {
    const defaults = nextcloudCapabilities(capabilityFlags({}));
    expect(defaults.capabilities.dav).toEqual({ chunking: "1.0", bulkupload: "1.0" });
    expect(defaults.capabilities.checksums).toEqual({ supportedTypes: ["SHA1", "SHA256"], preferredUploadType: "SHA1" });
    const off = nextcloudCapabilities(capabilityFlags({ HAVEN_NC_CHUNKING: "0", HAVEN_NC_BULKUPLOAD: "0", HAVEN_NC_SHA1: "0" }));
    expect(off.capabilities.dav).toEqual({});
    expect(off.capabilities.files.bigfilechunking).toBe(false);
    expect(off.capabilities).not.toHaveProperty("checksums");
    const on = nextcloudCapabilities(capabilityFlags({ HAVEN_NC_CHUNKING: "1", HAVEN_NC_BULKUPLOAD: "1", HAVEN_NC_SHA1: "1" }));
    expect(on.capabilities.dav).toEqual({ chunking: "1.0", bulkupload: "1.0" });
    expect(on.capabilities.files.bigfilechunking).toBe(true);
    expect(on.capabilities.checksums).toEqual({ supportedTypes: ["SHA1", "SHA256"], preferredUploadType: "SHA1" });
  });
});
