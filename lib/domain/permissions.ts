/** Pure permission rules. The access service gathers the facts (membership, creator, grants) and asks these. */

export type SiteRole = "admin" | "user" | "partner";
export type SpaceRole = "owner" | "admin" | "editor" | "viewer" | "partner";
export type NodeAction = "read" | "write" | "delete" | "share";

/** Who is asking. Adapters build it from a session or an app password. */
export interface Actor {
  userId: number;
  role: SiteRole;
  /** app passwords may be read-only */
  readOnly?: boolean;
  /** app passwords may be limited to one folder subtree */
  scopeNodeId?: number;
  /** WebDAV requests: the lock tokens the client submitted (If header). Absent for the browser, which has none. */
  lockTokens?: string[];
  ip?: string;
  /**
   * Set for a public-link visitor: rights come from the link's mode only, inside the link's subtree
   * (scopeNodeId is the link's node). userId is then the link's creator, whose space the nodes live in.
   */
  link?: { id: number; mode: ShareMode };
  /**
   * Facts looked up once per request (set by adapters whose actor lives for one request, e.g. WebDAV): the actor's
   * role per space. Membership never changes within such a request, so a later check in it may reuse the answer.
   */
  requestMemo?: RequestMemo;
}

export interface RequestMemo {
  /** spaceId → the actor's role there (null: not a member) */
  roles: Map<number, string | null>;
}

/** Public-link modes: view (preview + download), preview (no raw bytes), upload (file drop), edit (read-write). */
export type ShareMode = "view" | "preview" | "upload" | "edit";
export type GrantPermission = "view" | "edit";

export interface Rights {
  read: boolean;
  write: boolean;
  delete: boolean;
  share: boolean;
}

export const NO_RIGHTS: Rights = { read: false, write: false, delete: false, share: false };

/** Rights a space role grants on a node. A partner's rights hold only on what it created (or below it). */
export function rightsForRole(role: SpaceRole, opts: { partnerOwnsSubtree: boolean }): Rights {
  switch (role) {
    case "owner":
    case "admin":
    case "editor":
      return { read: true, write: true, delete: true, share: true };
    case "viewer":
      return { read: true, write: false, delete: false, share: false };
    case "partner":
      return opts.partnerOwnsSubtree
        ? { read: true, write: true, delete: true, share: false }
        : NO_RIGHTS;
  }
}

/**
 * The share right of a partner account (site role): only where its space role lets it delete (its own space, its own
 * uploads elsewhere) and only when the site allows partners to share. Grants never add the share right.
 */
export function limitPartnerSharing(roleRights: Rights, actor: Actor, partnersMayShare: boolean): Rights {
  if (actor.role !== "partner") return roleRights;
  return { ...roleRights, share: partnersMayShare && roleRights.delete };
}

/** Applies an actor's credential limits (read-only app password) on top of granted rights. */
export function limitRights(rights: Rights, actor: Actor): Rights {
  if (!actor.readOnly) return rights;
  return { read: rights.read, write: false, delete: false, share: false };
}

export function unionRights(a: Rights, b: Rights): Rights {
  return { read: a.read || b.read, write: a.write || b.write, delete: a.delete || b.delete, share: a.share || b.share };
}

/** Rights a public link's mode gives inside its subtree. "upload" writes without reading (a file drop). */
export function rightsForLinkMode(mode: ShareMode): Rights {
  switch (mode) {
    case "view":
    case "preview":
      return { read: true, write: false, delete: false, share: false };
    case "upload":
      return { read: false, write: true, delete: false, share: false };
    case "edit":
      return { read: true, write: true, delete: true, share: false };
  }
}

/**
 * Rights an internal share grant gives on its node and everything below it. Recipients cannot re-share, and an
 * edit recipient changes what is inside the shared folder (or the shared file's content) but never deletes, moves
 * or renames the shared node itself (`onGrantedNode`): it is the owner's.
 */
export function rightsForGrant(permission: GrantPermission, opts: { onGrantedNode: boolean } = { onGrantedNode: false }): Rights {
  if (permission === "view") return { read: true, write: false, delete: false, share: false };
  return { read: true, write: true, delete: !opts.onGrantedNode, share: false };
}
