/** Pure permission rules. The access service gathers the facts (membership, creator, grants) and asks these. */
import type { NodeRecord, SpaceRecord } from "./types";

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
  /**
   * The actor's personal space, its root folder and the actor's role there, when read with the request's credential
   * check (in its statement, AppPasswordService.authenticate); FileService.personalPlace then reads them no second
   * time. Null: the account has none.
   */
  personal?: { space: SpaceRecord; root: NodeRecord; role: string | null } | null;
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

/** The rows of the permission matrix: who is asking, as far as a team space is concerned. */
export type MatrixRole = "siteAdmin" | "teamAdmin" | "editor" | "viewer" | "partner" | "otherUser" | "anonymous";
/** The columns: what is asked of a team space (its folders and files, and its membership). */
export type MatrixAction = "list" | "read" | "upload" | "rename" | "moveOut" | "delete" | "share" | "manageMembers";
/** yes, no, or only on what the asker uploaded itself (and below it). */
export type MatrixCell = boolean | "own";

export const MATRIX_ROLES: readonly MatrixRole[] = ["siteAdmin", "teamAdmin", "editor", "viewer", "partner", "otherUser", "anonymous"];
export const MATRIX_ACTIONS: readonly MatrixAction[] = ["list", "read", "upload", "rename", "moveOut", "delete", "share", "manageMembers"];

/**
 * THE permission matrix for team spaces (README "Teams" prints it). AccessService derives every space role's rights
 * from it, and TeamService asks it who manages members. A site admin who is not a member manages the team (settings,
 * members, delete) but does not see its content, like Nextcloud's group folders; as a member it has its member role.
 * rename and moveOut take a name away, so they are the delete right (a spec checks the table says so).
 * A partner uploads only inside folders it created itself (the partner flow gives it one); its share is the share policy's (partnersMayShare, off by default), on its own uploads only.
 */
export const PERMISSION_MATRIX: Readonly<Record<MatrixRole, Readonly<Record<MatrixAction, MatrixCell>>>> = {
  //           list    read    upload  rename  moveOut delete  share   manageMembers
  siteAdmin: { list: false, read: false, upload: false, rename: false, moveOut: false, delete: false, share: false, manageMembers: true },
  teamAdmin: { list: true, read: true, upload: true, rename: true, moveOut: true, delete: true, share: true, manageMembers: true },
  editor: { list: true, read: true, upload: true, rename: true, moveOut: true, delete: true, share: true, manageMembers: false },
  viewer: { list: true, read: true, upload: false, rename: false, moveOut: false, delete: false, share: false, manageMembers: false },
  partner: { list: "own", read: "own", upload: "own", rename: "own", moveOut: "own", delete: "own", share: false, manageMembers: false },
  otherUser: { list: false, read: false, upload: false, rename: false, moveOut: false, delete: false, share: false, manageMembers: false },
  anonymous: { list: false, read: false, upload: false, rename: false, moveOut: false, delete: false, share: false, manageMembers: false },
};

/** The matrix row of a space role ("owner" is a personal space's owner: everything, like a team admin). */
export const ROW_OF_SPACE_ROLE: Readonly<Record<SpaceRole, MatrixRole>> = { owner: "teamAdmin", admin: "teamAdmin", editor: "editor", viewer: "viewer", partner: "partner" };

/** A matrix cell's verdict; `own` is whether the asker created the node (or an ancestor below the root). */
export function allows(cell: MatrixCell, own: boolean): boolean {
  return cell === true || (cell === "own" && own);
}

/** Whether a matrix row may do an action (for actions on the team itself, e.g. manageMembers). */
export function matrixAllows(row: MatrixRole, action: MatrixAction, own = false): boolean {
  return allows(PERMISSION_MATRIX[row][action], own);
}

/**
 * Rights a space role grants on a node, read off the matrix: read = read, write = upload, delete = delete (and so
 * rename and move out), share = share. A partner's "own" cells hold only on what it created (or below it); a
 * partner uploads into the folders it may write, which are its own (it cannot see the others).
 */
export function rightsForRole(role: SpaceRole, opts: { partnerOwnsSubtree: boolean }): Rights {
  const row = PERMISSION_MATRIX[ROW_OF_SPACE_ROLE[role]];
  const own = opts.partnerOwnsSubtree;
  const read = allows(row.read, own);
  return { read, write: allows(row.upload, own), delete: allows(row.delete, own), share: allows(row.share, own) };
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
