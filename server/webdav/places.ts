import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { NodeRecord, SpaceRecord } from "@/lib/domain/types";
import type { NativeActor } from "@/lib/services/app-password.service";
import type { NodeEntry } from "@/lib/services/file.service";
import type { TeamView } from "@/lib/services/team.service";
import { encodeSegment, type DavMount } from "./resource";

/**
 * Which space a WebDAV path is in, and where inside it:
 * - `/dav/…`: the personal space (`/dav/teams` is not a personal folder);
 * - `/dav/teams/`: a read-only listing of the caller's teams; `/dav/teams/<team>/…`: that team's space;
 * - the Nextcloud aliases (`/remote.php/webdav/…`, `/remote.php/dav/files/<user>/…`): the personal space, with one
 *   top-level folder per team, as Nextcloud shows group folders. On a name clash the personal folder wins and the
 *   team is shown as "<team> (team)" (creating a team never moves a user's own files under a sync client).
 * A folder-limited app password sees no teams.
 */
export type DavPlace =
  | { kind: "space"; space: SpaceRecord; mount: DavMount; segments: string[]; rootId: number; rootSegments: string[]; teamFolders: TeamFolder[] }
  | { kind: "teams-index"; space: SpaceRecord; mount: DavMount; segments: []; teamFolders: TeamFolder[] };

/** A team as a folder of a listing: the name it has there, and the team. */
export interface TeamFolder {
  name: string;
  team: TeamView;
}

export const TEAM_CLASH_SUFFIX = " (team)";

export async function placeOf(services: Services, actor: NativeActor, mount: DavMount, segments: string[]): Promise<DavPlace> {
  const personal = await services.spaces.personalSpace(actor.userId);
  const personalPlace = async (): Promise<DavPlace> => ({
    kind: "space",
    space: personal,
    mount,
    segments,
    rootId: actor.scopeNodeId ?? personal.rootNodeId!,
    rootSegments: actor.scopeNodeId !== undefined ? await services.locks.segmentsOf(actor, actor.scopeNodeId) : [],
    teamFolders: [],
  });
  // The plain /dav/ mount has no team folders: it pays nothing for teams.
  if (mount.base === "/dav" && segments[0] !== "teams") return personalPlace();
  const teams = actor.scopeNodeId === undefined ? (await services.teams.mine(actor)).filter((t) => t.role !== "partner") : [];

  if (mount.base === "/dav") {
    if (segments.length === 1) return { kind: "teams-index", space: personal, mount: { base: "/dav/teams", user: null }, segments: [], teamFolders: teams.map((team) => ({ name: team.name, team })) };
    const team = teams.find((t) => t.name === segments[1]);
    if (!team) throw new DomainError("NOT_FOUND", "No such team.");
    return teamPlace(services, team, { base: `/dav/teams/${encodeSegment(team.name)}`, user: null }, segments.slice(2));
  }
  if (teams.length === 0) return personalPlace();

  // A Nextcloud alias: teams are top-level folders next to the personal ones.
  const personalNames = new Set(
    (await Promise.all(teams.map(async (t) => ((await services.files.resolvePath(actor, personal.rootNodeId!, [t.name], { checksum: false })).node ? t.name : null)))).filter(
      (n): n is string => n !== null,
    ),
  );
  const teamFolders = teams.map((team) => ({ name: personalNames.has(team.name) ? `${team.name}${TEAM_CLASH_SUFFIX}` : team.name, team }));
  const first = segments[0];
  let hit = first === undefined || personalNames.has(first) ? undefined : teamFolders.find((f) => f.name === first);
  // A personal folder literally named "<team> (team)" still wins.
  if (hit && hit.name !== hit.team.name && (await services.files.resolvePath(actor, personal.rootNodeId!, [hit.name], { checksum: false })).node) hit = undefined;
  if (hit) return teamPlace(services, hit.team, { base: `${mount.base}/${encodeSegment(hit.name)}`, user: mount.user }, segments.slice(1));
  const place = await personalPlace();
  return segments.length === 0 ? { ...place, teamFolders } : place;
}

async function teamPlace(services: Services, team: TeamView, mount: DavMount, segments: string[]): Promise<DavPlace> {
  const space = await services.uow.repos.spaces.findById(team.id);
  if (!space) throw new DomainError("NOT_FOUND", "No such team.");
  return { kind: "space", space, mount, segments, rootId: team.rootId, rootSegments: [], teamFolders: [] };
}

/** The entries of team folders in a listing: each team's root, named as the listing shows it. */
export async function teamFolderEntries(services: Services, actor: NativeActor, folders: TeamFolder[]): Promise<{ entry: NodeEntry; segments: string[] }[]> {
  const entries = await services.files.getMany(actor, folders.map((f) => f.team.rootId));
  const byId = new Map(entries.map((e) => [e.node.id, e]));
  return folders.flatMap((f) => {
    const entry = byId.get(f.team.rootId);
    return entry ? [{ entry: { ...entry, node: { ...entry.node, name: f.name } }, segments: [f.name] }] : [];
  });
}

/** `/dav/teams/` itself: a read-only folder whose ETag changes when any listed team's does. */
export function teamsIndexEntry(children: { entry: NodeEntry }[], now: Date): NodeEntry {
  const etag = children.map((c) => `${c.entry.node.id}:${c.entry.node.etag}`).join(",");
  const node: NodeRecord = {
    id: 0,
    spaceId: 0,
    parentId: null,
    name: "teams",
    isFolder: true,
    size: children.reduce((sum, c) => sum + c.entry.node.size, 0),
    mimeType: null,
    path: "/",
    etag: `teams-${hash(etag)}`,
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
