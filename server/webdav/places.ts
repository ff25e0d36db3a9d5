import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord, SpaceRecord, UserRecord } from "@/lib/domain/types";
import type { NodeEntry } from "@/lib/services/file.service";
import type { TeamView } from "@/lib/services/team.service";
import { encodeSegment, type DavMount } from "./resource";

/**
 * Which space a WebDAV path is in, and where inside it:
 * - `/dav/…`: the personal space (`/dav/teams` is not a personal folder);
 * - `/dav/teams/`: a read-only listing of the caller's teams; `/dav/teams/<team>/…`: that team's space. A partner,
 *   which cannot read a team's root, sees `/dav/teams/<team>/` as a read-only listing of what it may see there (its
 *   own folder and what is shared with it, see ShareGrantService.visibleRootsIn), each a folder or file below it;
 * - the Nextcloud aliases (`/remote.php/webdav/…`, `/remote.php/dav/files/<user>/…`): the personal space, with one
 *   top-level folder per team, as Nextcloud shows group folders. On a name clash the personal folder wins and the
 *   team is shown as "<team> (team)" (creating a team never moves a user's own files under a sync client). What others
 *   share with the user out of other spaces is listed in "Shared with me" (only while something is, and unless a
 *   personal folder has that name), each share mounted on its own node below it, as a partner's team entries are.
 * A folder-limited app password sees no teams.
 */
export type DavPlace =
  | {
      kind: "space";
      space: SpaceRecord;
      mount: DavMount;
      segments: string[];
      rootId: number;
      rootSegments: string[];
      teamFolders: TeamFolder[];
      /** the "Shared with me" folder listed beside the teams at a Nextcloud alias's root, when anything is shared */
      sharedFolder?: ListedEntry;
      /** the target itself when it is a file listed on its own (shared with a partner), whose folder it cannot read */
      file?: NodeEntry;
      /** the folder at rootId with the actor's rights, when already read (the personal root): resolve starts there */
      root?: NodeEntry;
      /** how Nextcloud would have mounted what is served here */
      mountType: MountType;
    }
  | { kind: "listing"; space: SpaceRecord; mount: DavMount; listing: NodeEntry; children: ListedEntry[]; mountType: MountType };

/** An entry of a listing, with its segments below the listing's mount. */
export interface ListedEntry {
  entry: NodeEntry;
  segments: string[];
  /** how Nextcloud would have mounted it (a team root: "group", a share in "Shared with me": "shared") */
  mountType: MountType;
}

/**
 * Nextcloud's nc:mount-type, which also gives oc:permissions its S and M letters: "" for the user's own files (its
 * home), "shared" for what others share with it (a received share's storage: S), "group" for a team space, as the
 * groupfolders app mounts a group folder (M, on the folder and everything in it).
 */
export type MountType = "" | "shared" | "group";

/** A team as a folder of a listing: the name it has there, and the team. */
export interface TeamFolder {
  name: string;
  team: TeamView;
}

/** Who the tree is shown to: a signed-in user (WebDAV's app-password actor, the Nextcloud OCS and preview routes'). */
export type TreeActor = Actor & { user: UserRecord };

export const TEAM_CLASH_SUFFIX = " (team)";

/** Where a Nextcloud alias shows what others share with the user (Nextcloud's share_folder setting, named). */
export const SHARED_FOLDER = "Shared with me";

/**
 * placeOf answered at once for the plain personal mount (`/dav/…` outside `/dav/teams`) of a credential not limited to
 * a folder, when FileService.personalPlaceNow can answer; undefined otherwise (ask placeOf).
 */
export function placeOfNow(services: Services, actor: TreeActor, mount: DavMount, segments: string[]): DavPlace | undefined {
  if (mount.base !== "/dav" || segments[0] === "teams" || actor.scopeNodeId !== undefined) return undefined;
  const now = services.files.personalPlaceNow(actor);
  return now && personalRootPlace(now.space, now.root, mount, segments);
}

/** The personal space from its root, for a credential not limited to a folder. */
function personalRootPlace(space: SpaceRecord, root: NodeEntry, mount: DavMount, segments: string[]): Extract<DavPlace, { kind: "space" }> {
  return { kind: "space", space, mount, segments, rootId: space.rootNodeId!, rootSegments: [], teamFolders: [], root, mountType: "" };
}

export async function placeOf(services: Services, actor: TreeActor, mount: DavMount, segments: string[]): Promise<DavPlace> {
  // The space, its root and the actor's role there in one read; a folder-limited credential starts at its folder.
  const { space: personal, root } = await services.files.personalPlace(actor);
  const personalPlace = async (): Promise<Extract<DavPlace, { kind: "space" }>> =>
    actor.scopeNodeId === undefined
      ? personalRootPlace(personal, root, mount, segments)
      : { kind: "space", space: personal, mount, segments, rootId: actor.scopeNodeId, rootSegments: await services.locks.segmentsOf(actor, actor.scopeNodeId), teamFolders: [], mountType: "" };
  // The plain /dav/ mount has no team folders: it pays nothing for teams.
  if (mount.base === "/dav" && segments[0] !== "teams") return personalPlace();
  const teams = actor.scopeNodeId === undefined ? await services.teams.mine(actor) : [];

  if (mount.base === "/dav") {
    if (segments.length === 1) {
      const children = await teamFolderEntries(services, actor, teams.map((team) => ({ name: team.name, team })));
      return { kind: "listing", space: personal, mount: { base: "/dav/teams", user: null }, listing: listingEntry("teams", 0, children, services.clock.now()), children, mountType: "" };
    }
    const team = teams.find((t) => t.name === segments[1]);
    if (!team) throw new DomainError("NOT_FOUND", "No such team.");
    return teamPlace(services, actor, team, { base: `/dav/teams/${encodeSegment(team.name)}`, user: null }, segments.slice(2));
  }
  // What others share with the user out of spaces this tree does not show: looked up only at the root and below "Shared with me".
  const first = segments[0];
  const shared = actor.scopeNodeId === undefined && (first === undefined || first === SHARED_FOLDER) ? await sharedEntries(services, actor, personal.id, teams) : [];
  const sharedShown = shared.length > 0 && !(await services.files.resolvePath(actor, personal.rootNodeId!, [SHARED_FOLDER], { checksum: false })).node;
  if (sharedShown && first === SHARED_FOLDER) return entriesPlace(services, actor, personal, { base: `${mount.base}/${encodeSegment(SHARED_FOLDER)}`, user: mount.user }, SHARED_FOLDER, 0, shared, segments.slice(1));
  // The folder itself is an ordinary one of the user's (Nextcloud's share_folder); what is in it is "shared".
  const sharedFolder: ListedEntry | undefined = sharedShown && first === undefined ? { entry: listingEntry(SHARED_FOLDER, 0, shared, services.clock.now()), segments: [SHARED_FOLDER], mountType: "" } : undefined;
  if (teams.length === 0) return sharedFolder ? { ...(await personalPlace()), sharedFolder } : personalPlace();

  // A Nextcloud alias: teams are top-level folders next to the personal ones.
  const personalNames = new Set(
    (await Promise.all(teams.map(async (t) => ((await services.files.resolvePath(actor, personal.rootNodeId!, [t.name], { checksum: false })).node ? t.name : null)))).filter(
      (n): n is string => n !== null,
    ),
  );
  const teamFolders = teams.map((team) => ({ name: personalNames.has(team.name) ? `${team.name}${TEAM_CLASH_SUFFIX}` : team.name, team }));
  let hit = first === undefined || personalNames.has(first) ? undefined : teamFolders.find((f) => f.name === first);
  // A personal folder literally named "<team> (team)" still wins.
  if (hit && hit.name !== hit.team.name && (await services.files.resolvePath(actor, personal.rootNodeId!, [hit.name], { checksum: false })).node) hit = undefined;
  if (hit) return teamPlace(services, actor, hit.team, { base: `${mount.base}/${encodeSegment(hit.name)}`, user: mount.user }, segments.slice(1));
  const place = await personalPlace();
  return segments.length === 0 ? { ...place, teamFolders, sharedFolder } : place;
}

async function teamPlace(services: Services, actor: TreeActor, team: TeamView, mount: DavMount, segments: string[]): Promise<DavPlace> {
  const space = await services.uow.repos.spaces.findById(team.id);
  if (!space) throw new DomainError("NOT_FOUND", "No such team.");
  if (team.role !== "partner") return { kind: "space", space, mount, segments, rootId: team.rootId, rootSegments: [], teamFolders: [], mountType: "group" };
  // A partner: the team is a listing of what it may see.
  return entriesPlace(services, actor, space, mount, team.name, team.rootId, await partnerEntries(services, actor, team), segments);
}

/**
 * A read-only listing of nodes from elsewhere (a partner's view of a team, "Shared with me"): the listing itself, or
 * below it one entry mounted on its own node (a file listed on its own, or a folder whose subtree is served).
 */
async function entriesPlace(services: Services, actor: TreeActor, listingSpace: SpaceRecord, mount: DavMount, name: string, id: number, children: ListedEntry[], segments: string[]): Promise<DavPlace> {
  const notFound = () => new DomainError("NOT_FOUND", "No such file or folder.");
  // "Shared with me" (id 0) is a folder of the user's own; a partner's view of a team is that team's group folder.
  if (segments.length === 0) return { kind: "listing", space: listingSpace, mount, listing: listingEntry(name, id, children, services.clock.now()), children, mountType: name === SHARED_FOLDER && id === 0 ? "" : "group" };
  const top = children.find((c) => c.segments[0] === segments[0]);
  if (!top) throw notFound();
  const space = top.entry.node.spaceId === listingSpace.id ? listingSpace : await services.uow.repos.spaces.findById(top.entry.node.spaceId);
  if (!space) throw notFound();
  const rootId = top.entry.node.id;
  const rest = segments.slice(1);
  if (!top.entry.node.isFolder && rest.length > 0) throw notFound();
  if (!top.entry.node.isFolder) {
    const fileSegments = await services.locks.segmentsOf(actor, rootId);
    return { kind: "space", space, mount, segments: [segments[0]!], rootId: top.entry.node.parentId!, rootSegments: fileSegments.slice(0, -1), teamFolders: [], file: top.entry, mountType: top.mountType };
  }
  return { kind: "space", space, mount: { ...mount, base: `${mount.base}/${encodeSegment(segments[0]!)}` }, segments: rest, rootId, rootSegments: await services.locks.segmentsOf(actor, rootId), teamFolders: [], mountType: top.mountType };
}

/**
 * What others shared with the user out of spaces its tree does not otherwise show (their personal spaces, teams it
 * is not in), as the entries of "Shared with me", each named uniquely ("name (2)" on a clash).
 */
export async function sharedEntries(services: Services, actor: TreeActor, personalSpaceId: number, teams: TeamView[]): Promise<ListedEntry[]> {
  const shown = new Set([personalSpaceId, ...teams.map((t) => t.id)]);
  return uniquelyNamed((await services.shareGrants.sharedWithMe(actor)).map((s) => s.entry).filter((e) => !shown.has(e.node.spaceId)), "shared");
}

function uniquelyNamed(entries: NodeEntry[], mountType: MountType): ListedEntry[] {
  const taken = new Set<string>();
  return entries.map((entry) => {
    let name = entry.node.name;
    for (let n = 2; taken.has(name); n++) name = `${entry.node.name} (${n})`;
    taken.add(name);
    return { entry: { ...entry, node: { ...entry.node, name } }, segments: [name], mountType };
  });
}

/** What a partner sees at the top of a team, named uniquely ("name (2)" on a clash). */
async function partnerEntries(services: Services, actor: TreeActor, team: TeamView): Promise<ListedEntry[]> {
  return uniquelyNamed(await services.shareGrants.visibleRootsIn(actor, team.id), "group");
}

/**
 * The entries of team folders in a listing: each team's root, named as the listing shows it. A partner's team is a
 * read-only listing of what it may see there (it cannot read the root).
 */
export async function teamFolderEntries(services: Services, actor: TreeActor, folders: TeamFolder[]): Promise<ListedEntry[]> {
  const entries = await services.files.getMany(actor, folders.filter((f) => f.team.role !== "partner").map((f) => f.team.rootId));
  const byId = new Map(entries.map((e) => [e.node.id, e]));
  const now = services.clock.now();
  const out: ListedEntry[] = [];
  for (const f of folders) {
    const entry = f.team.role === "partner" ? listingEntry(f.name, f.team.rootId, await partnerEntries(services, actor, f.team), now) : byId.get(f.team.rootId);
    if (entry) out.push({ entry: { ...entry, node: { ...entry.node, name: f.name } }, segments: [f.name], mountType: "group" });
  }
  return out;
}

/** A read-only folder with no node of its own (`/dav/teams/`, a partner's view of a team): its ETag changes with any child's. */
export function listingEntry(name: string, id: number, children: { entry: NodeEntry }[], now: Date): NodeEntry {
  const etag = children.map((c) => `${c.entry.node.id}:${c.entry.node.etag}`).join(",");
  const node: NodeRecord = {
    id,
    spaceId: 0,
    parentId: null,
    name,
    isFolder: true,
    size: children.reduce((sum, c) => sum + c.entry.node.size, 0),
    mimeType: null,
    path: "/",
    etag: `${id === 0 ? "teams" : `team${id}`}-${hash(etag)}`,
    mtime: children.reduce((latest, c) => (c.entry.node.mtime > latest ? c.entry.node.mtime : latest), new Date(0)),
    createdAt: new Date(0),
    updatedAt: now,
    creatorId: null,
    currentVersionId: null,
    trashedAt: null,
    trashRootId: null,
    originalParentId: null,
    trashedById: null,
  };
  return { node, rights: { read: true, write: false, delete: false, share: false }, sha256: null };
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
}
