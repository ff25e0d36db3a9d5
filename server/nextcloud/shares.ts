import type { IncomingMessage } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { NodeRecord, UserRecord } from "@/lib/domain/types";
import type { GrantWithNode } from "@/lib/services/share-grant.service";
import type { LinkWithNode } from "@/lib/services/share-link.service";
import type { NextcloudActor } from "./auth";
import { readParams, serverUrlOf } from "./http";
import type { OcsRoute } from "./index";
import type { OcsResult } from "./ocs";
import { nodeAtPath, pathOfNode, sharedPaths } from "./paths";
import {
  SHARE_TYPE,
  grantPermissionOf,
  grantPermissions,
  linkModeOf,
  linkPermissions,
  ncDate,
  nodeFields,
  parseExpireDate,
  parseShareId,
  shareIdOf,
} from "./share-format";

const SHARES = /^\/apps\/files_sharing\/api\/v1\/shares$/;
const SHARE = /^\/apps\/files_sharing\/api\/v1\/shares\/(\d+)$/;
const ok = (data: unknown): OcsResult => ({ status: 200, data });

/**
 * The OCS share API (`apps/files_sharing/api/v1/shares` and `sharees`) mapped onto Haven's share services: user
 * shares (0) and team shares (1, Nextcloud's groups) are grants, public links (3) are links. The services' rules,
 * site share policy and audit apply unchanged; share ids encode which of the two a share is.
 */
export const shareRoutes: OcsRoute[] = [
  // GET shares – mine (on `path`, its `subfiles`), or `shared_with_me`
  {
    method: "GET",
    path: SHARES,
    handle: async ({ url, services, actor }) => {
      const a = actor!;
      const q = url.searchParams;
      if (q.get("shared_with_me") === "true") return ok(await sharedWithMe(services, a));
      const { links, grants } = await services.shareGrants.sharedByMe(a);
      const path = q.get("path");
      let keep: (node: NodeRecord) => boolean = () => true;
      if (path) {
        const node = await nodeAtPath(services, a, path);
        keep = q.get("subfiles") === "true" ? (n) => n.parentId === node.id : (n) => n.id === node.id;
      }
      return ok(await formatAll(services, a, links.filter((l) => keep(l.node) && l.state === "live"), grants.filter((g) => keep(g.node))));
    },
  },
  // GET shares/<id>
  {
    method: "GET",
    path: SHARE,
    handle: async ({ services, actor, match }) => ok([await findMine(services, actor!, match[1]!)]),
  },
  // POST shares – path, shareType (0 user, 1 group = team, 3 link), shareWith, permissions, password, expireDate, publicUpload
  {
    method: "POST",
    path: SHARES,
    handle: async ({ req, url, services, actor }) => {
      const a = actor!;
      const p = await paramsOf(req, url);
      const node = await nodeAtPath(services, a, p.get("path") ?? "");
      const type = Number(p.get("shareType"));
      const bits = p.get("permissions") === null ? null : Number(p.get("permissions"));
      if (type === SHARE_TYPE.link) {
        const link = await services.shareLinks.createLink(a, node.id, {
          mode: linkModeOf(bits, p.get("publicUpload") === "true"),
          password: p.get("password") || undefined,
          expiresAt: parseExpireDate(p.get("expireDate")) ?? undefined,
        });
        return ok(await formatLink(services, a, link, req));
      }
      if (type !== SHARE_TYPE.user && type !== SHARE_TYPE.group) throw new DomainError("INVALID_INPUT", "Unknown share type");
      const shareWith = p.get("shareWith") ?? "";
      const permission = grantPermissionOf(bits ?? 1);
      const recipient = type === SHARE_TYPE.group ? { teamId: teamIdOf(shareWith) } : { userId: await userIdOf(services, shareWith) };
      return ok(await formatGrant(services, a, await services.shareGrants.grant(a, node.id, { ...recipient, permission })));
    },
  },
  // PUT shares/<id> – permissions, password, expireDate (links); note is not kept by Haven
  {
    method: "PUT",
    path: SHARE,
    handle: async ({ req, url, services, actor, match }) => {
      const a = actor!;
      const share = parseShareId(match[1]!);
      const p = await paramsOf(req, url);
      const bits = p.get("permissions") === null ? null : Number(p.get("permissions"));
      if (share.kind === "grant") {
        if (p.get("password") !== null || p.get("expireDate") !== null) throw new DomainError("INVALID_INPUT", "User and team shares have no password or expiry date.");
        if (bits === null) return ok(await findMine(services, a, match[1]!));
        return ok(await formatGrant(services, a, await services.shareGrants.updateGrant(a, share.id, grantPermissionOf(bits))));
      }
      const password = p.get("password");
      const updated = await services.shareLinks.updateLink(a, share.id, {
        mode: bits === null && p.get("publicUpload") === null ? undefined : linkModeOf(bits, p.get("publicUpload") === "true"),
        password: password === null ? undefined : password === "" ? null : password,
        expiresAt: parseExpireDate(p.get("expireDate")),
      });
      return ok(await formatLink(services, a, updated, req));
    },
  },
  // DELETE shares/<id>
  {
    method: "DELETE",
    path: SHARE,
    handle: async ({ services, actor, match }) => {
      const share = parseShareId(match[1]!);
      if (share.kind === "grant") await services.shareGrants.revokeGrant(actor!, share.id);
      else await services.shareLinks.revokeLink(actor!, share.id);
      return ok([]);
    },
  },
  // GET sharees?search=… – users (by the picker's rule) and the caller's teams; partners get none
  {
    method: "GET",
    path: /^\/apps\/files_sharing\/api\/v1\/sharees$/,
    handle: async ({ url, services, actor }) => ok(await sharees(services, actor!, url.searchParams.get("search") ?? "")),
  },
];

async function paramsOf(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const body = await readParams(req);
  for (const [k, v] of url.searchParams) if (!body.has(k)) body.set(k, v);
  return body;
}

function teamIdOf(shareWith: string): number {
  const id = Number(shareWith);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError("NOT_FOUND", "Please specify a valid group");
  return id;
}

async function userIdOf(services: Services, username: string): Promise<number> {
  const user = await services.users.findByUsername(username);
  if (!user) throw new DomainError("NOT_FOUND", "Please specify a valid user");
  return user.id;
}

async function findMine(services: Services, actor: NextcloudActor, rawId: string) {
  const share = parseShareId(rawId);
  const { links, grants } = await services.shareGrants.sharedByMe(actor);
  if (share.kind === "grant") {
    const grant = grants.find((g) => g.grant.id === share.id);
    if (grant) return formatGrant(services, actor, grant);
  } else {
    const link = links.find((l) => l.link.id === share.id && l.state === "live");
    if (link) return formatLinkAt(services, actor, link, null);
  }
  throw new DomainError("NOT_FOUND", "Wrong share ID, share does not exist");
}

async function formatAll(services: Services, actor: NextcloudActor, links: LinkWithNode[], grants: GrantWithNode[]) {
  return [...(await Promise.all(grants.map((g) => formatGrant(services, actor, g)))), ...(await Promise.all(links.map((l) => formatLinkAt(services, actor, l, null))))];
}

/** The fields every share object has, from its kind, owner, permissions and node. */
function shareObject(input: { id: number; type: number; owner: UserRecord; permissions: number; mine: boolean; createdAt: Date; node: NodeRecord; path: string }) {
  const { owner } = input;
  return {
    id: input.id,
    share_type: input.type,
    uid_owner: owner.username,
    displayname_owner: owner.displayName,
    uid_file_owner: owner.username,
    displayname_file_owner: owner.displayName,
    permissions: input.permissions,
    can_edit: input.mine,
    can_delete: input.mine,
    stime: Math.floor(input.createdAt.getTime() / 1000),
    parent: null,
    expiration: null as string | null,
    token: null as string | null,
    note: "",
    label: "",
    mail_send: 0,
    hide_download: 0,
    ...nodeFields(input.node, input.path),
  };
}

const grantType = (type: "user" | "team") => (type === "team" ? SHARE_TYPE.group : SHARE_TYPE.user);

async function formatGrant(services: Services, actor: NextcloudActor, { grant, node, recipient }: GrantWithNode) {
  return {
    ...shareObject({ id: shareIdOf("grant", grant.id), type: grantType(recipient.type), owner: actor.user, permissions: grantPermissions(grant.permission, node.isFolder), mine: true, createdAt: grant.createdAt, node, path: await pathOfNode(services, actor, node) }),
    share_with: recipient.type === "team" ? String(recipient.id) : recipient.username,
    share_with_displayname: recipient.displayName,
  };
}

async function formatLink(services: Services, actor: NextcloudActor, link: LinkWithNode, req: IncomingMessage) {
  return formatLinkAt(services, actor, link, serverUrlOf(req));
}

/** A link; with a password, `share_with` is set (redacted): that is how the apps tell a protected link. */
async function formatLinkAt(services: Services, actor: NextcloudActor, { link, node }: LinkWithNode, base: string | null) {
  const root = base ?? process.env.AUTH_URL?.replace(/\/+$/, "") ?? "";
  const redacted = link.passwordHash ? "***redacted***" : null;
  return {
    ...shareObject({ id: shareIdOf("link", link.id), type: SHARE_TYPE.link, owner: actor.user, permissions: linkPermissions(link.mode, node.isFolder), mine: true, createdAt: link.createdAt, node, path: await pathOfNode(services, actor, node) }),
    expiration: ncDate(link.expiresAt),
    token: link.token,
    share_with: redacted,
    share_with_displayname: redacted,
    password: redacted ?? undefined,
    url: `${root}/s/${link.token}`,
    hide_download: link.mode === "preview" ? 1 : 0,
  };
}

/**
 * Shares others made with the caller, at their place in its tree: under "Shared with me" (as Nextcloud mounts them
 * in its share folder), or in a team folder when the caller is in that team too.
 */
async function sharedWithMe(services: Services, actor: NextcloudActor) {
  const items = await services.shareGrants.sharedWithMe(actor);
  const mounted = await sharedPaths(services, actor);
  const pathOf = async (node: NodeRecord) => mounted.get(node.id) ?? (await pathOfNode(services, actor, node));
  return Promise.all(items.map(async ({ grant, entry, owner }) => ({
    ...shareObject({ id: shareIdOf("grant", grant.id), type: grantType(grant.recipientType), owner, permissions: grantPermissions(grant.permission, entry.node.isFolder), mine: false, createdAt: grant.createdAt, node: entry.node, path: await pathOf(entry.node) }),
    share_with: actor.user.username,
    share_with_displayname: actor.user.displayName,
  })));
}

async function sharees(services: Services, actor: NextcloudActor, search: string) {
  const empty = { users: [], groups: [], remotes: [], remote_groups: [], emails: [], circles: [], rooms: [] };
  if (actor.role === "partner" || search.trim() === "") return { exact: empty, ...empty, lookup: [], lookupEnabled: false };
  const needle = search.trim().toLowerCase();
  const users = (await services.shareGrants.searchUsers(actor, search)).map((u) => ({
    label: u.displayName,
    icon: "icon-user",
    value: { shareType: SHARE_TYPE.user, shareWith: u.username },
    shareWithDisplayNameUnique: u.username,
  }));
  const groups = (await services.teams.mine(actor))
    .filter((t) => t.name.toLowerCase().includes(needle))
    .map((t) => ({ label: t.name, value: { shareType: SHARE_TYPE.group, shareWith: String(t.id) } }));
  const exactUsers = users.filter((u) => u.value.shareWith.toLowerCase() === needle || u.label.toLowerCase() === needle);
  const exactGroups = groups.filter((g) => g.label.toLowerCase() === needle);
  return {
    exact: { ...empty, users: exactUsers, groups: exactGroups },
    ...empty,
    users: users.filter((u) => !exactUsers.includes(u)),
    groups: groups.filter((g) => !exactGroups.includes(g)),
    lookup: [],
    lookupEnabled: false,
  };
}
