import { describe, expect, it } from "vitest";
import { limitPartnerSharing, limitRights, rightsForGrant, rightsForLinkMode, rightsForRole } from "./permissions";

describe("rightsForRole", () => {
  it("gives owners, admins and editors full rights and viewers read only", () => {
    for (const role of ["owner", "admin", "editor"] as const) expect(rightsForRole(role, { partnerOwnsSubtree: false }).delete).toBe(true);
    expect(rightsForRole("viewer", { partnerOwnsSubtree: false })).toEqual({ read: true, write: false, delete: false, share: false });
  });

  it("lets partners see only what they created", () => {
    expect(rightsForRole("partner", { partnerOwnsSubtree: false }).read).toBe(false);
    expect(rightsForRole("partner", { partnerOwnsSubtree: true })).toEqual({ read: true, write: true, delete: true, share: false });
  });
});

describe("limitPartnerSharing", () => {
  const full = { read: true, write: true, delete: true, share: true };
  const partner = { userId: 1, role: "partner" } as const;
  it("lets a partner share only what it may delete, and only when the site allows it", () => {
    expect(limitPartnerSharing(full, partner, false).share).toBe(false);
    expect(limitPartnerSharing(full, partner, true).share).toBe(true);
    expect(limitPartnerSharing(rightsForRole("partner", { partnerOwnsSubtree: true }), partner, true)).toEqual(full);
    expect(limitPartnerSharing(rightsForRole("viewer", { partnerOwnsSubtree: false }), partner, true).share).toBe(false);
  });
  it("leaves other accounts alone", () => {
    expect(limitPartnerSharing(full, { userId: 1, role: "user" }, false)).toEqual(full);
  });
});

describe("limitRights", () => {
  it("strips writes for read-only credentials", () => {
    const full = { read: true, write: true, delete: true, share: true };
    expect(limitRights(full, { userId: 1, role: "user", readOnly: true })).toEqual({ read: true, write: false, delete: false, share: false });
    expect(limitRights(full, { userId: 1, role: "user" })).toEqual(full);
  });
});

describe("share rights", () => {
  it("gives link visitors their mode's rights and never the share right", () => {
    expect(rightsForLinkMode("view")).toEqual({ read: true, write: false, delete: false, share: false });
    expect(rightsForLinkMode("preview")).toEqual({ read: true, write: false, delete: false, share: false });
    expect(rightsForLinkMode("upload")).toEqual({ read: false, write: true, delete: false, share: false });
    expect(rightsForLinkMode("edit")).toEqual({ read: true, write: true, delete: true, share: false });
  });

  it("gives grant recipients view or edit, without re-sharing", () => {
    expect(rightsForGrant("view")).toEqual({ read: true, write: false, delete: false, share: false });
    expect(rightsForGrant("edit")).toEqual({ read: true, write: true, delete: true, share: false });
    expect(rightsForGrant("edit", { onGrantedNode: true })).toEqual({ read: true, write: true, delete: false, share: false });
  });
});
