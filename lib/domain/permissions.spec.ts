import { describe, expect, it } from "vitest";
import { limitPartnerSharing, limitRights, MATRIX_ACTIONS, MATRIX_ROLES, matrixAllows, PERMISSION_MATRIX, rightsForGrant, rightsForLinkMode, rightsForRole } from "./permissions";

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

describe("the permission matrix", () => {
  it("has a cell for every role and action", () => {
    for (const role of MATRIX_ROLES) for (const action of MATRIX_ACTIONS) expect(PERMISSION_MATRIX[role][action]).toBeDefined();
  });
  it("treats rename and move out as the delete right, and list as read (the rights model has one bit each)", () => {
    for (const role of MATRIX_ROLES) {
      const row = PERMISSION_MATRIX[role];
      expect([row.rename, row.moveOut]).toEqual([row.delete, row.delete]);
      expect(row.list).toEqual(row.read);
    }
  });
  it("derives each space role's rights from its row", () => {
    expect(rightsForRole("editor", { partnerOwnsSubtree: false })).toEqual({ read: true, write: true, delete: true, share: true });
    expect(rightsForRole("owner", { partnerOwnsSubtree: false })).toEqual(rightsForRole("admin", { partnerOwnsSubtree: false }));
    expect(matrixAllows("teamAdmin", "manageMembers")).toBe(true);
    expect(matrixAllows("editor", "manageMembers")).toBe(false);
    expect(matrixAllows("siteAdmin", "read")).toBe(false);
    expect(matrixAllows("partner", "delete", true)).toBe(true);
    expect(matrixAllows("partner", "delete", false)).toBe(false);
  });
});
