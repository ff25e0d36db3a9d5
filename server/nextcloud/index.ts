import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import { sendError } from "@/server/http/respond";
import { nextcloudActor, requireNextcloudActor, type NextcloudActor } from "./auth";
import { NEXTCLOUD_VERSION, PRODUCT_NAME, nextcloudCapabilities } from "./capabilities";
import { currentUser, userById } from "./cloud";
import { GRANT_PATH, grantFlow, openFlowV2, pollFlowV2, startFlowV1, startFlowV2 } from "./login-flow";
import { sendAvatar, sendPreview } from "./media";
import { ocsErrorOf, ocsFormatOf, sendOcs, type OcsResult, type OcsVersion } from "./ocs";
import { shareRoutes } from "./shares";

const OCS_PATH = /^\/ocs\/v([12])\.php(\/.*)$/;
const AVATAR_PATH = /^(?:\/index\.php)?\/avatar\/([^/]+)\/(\d+)(?:\/dark)?$/;
const THUMBNAIL_PATH = /^\/index\.php\/apps\/files\/api\/v1\/thumbnail\/(\d+)\/(\d+)\/(.+)$/;
const FLOW_V2_PAGE = /^\/index\.php\/login\/v2\/flow\/([A-Za-z0-9_-]+)$/;

/** One OCS endpoint: `public` ones answer without sign-in (capabilities, as in Nextcloud). */
export interface OcsRoute {
  method: string;
  path: RegExp;
  public?: boolean;
  handle(ctx: { req: IncomingMessage; url: URL; services: Services; actor: NextcloudActor | null; match: RegExpExecArray }): Promise<OcsResult>;
}

const ok = (data: unknown): OcsResult => ({ status: 200, data });

const OCS_ROUTES: OcsRoute[] = [
  { method: "GET", path: /^\/cloud\/capabilities$/, public: true, handle: async () => ok(nextcloudCapabilities()) },
  { method: "GET", path: /^\/cloud\/user$/, handle: async ({ services, actor }) => ok(await currentUser(services, actor!)) },
  { method: "GET", path: /^\/cloud\/users\/([^/]+)$/, handle: async ({ services, actor, match }) => ok(await userById(services, actor!, decodeURIComponent(match[1]!))) },
  // Haven has no user status: always the empty "offline" status the clients show as none.
  {
    method: "GET",
    path: /^\/apps\/user_status\/api\/v1\/user_status$/,
    handle: async ({ actor }) => ok({ userId: actor!.user.username, message: null, messageId: null, messageIsPredefined: false, icon: null, clearAt: null, status: "offline", statusIsUserDefined: false }),
  },
  { method: "GET", path: /^\/apps\/notifications\/api\/v2\/notifications$/, handle: async () => ok([]) },
  ...shareRoutes,
];

/**
 * The Nextcloud door (ARCHITECTURE.md §1): `/status.php`, OCS under `/ocs/v1.php` and `/ocs/v2.php`, the login flows,
 * avatars and previews. Adapters only: every rule lives in the services. Returns false for other paths.
 */
export async function handleNextcloud(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  const path = url.pathname;
  const ocs = OCS_PATH.exec(path);
  if (ocs) {
    await serveOcs(req, res, url, services, Number(ocs[1]) as OcsVersion, ocs[2]!);
    return true;
  }
  const route = plainRoute(req, url, path);
  if (!route) return false;
  try {
    await route(services);
  } catch (e) {
    sendError(res, e);
  }
  return true;

  function plainRoute(req: IncomingMessage, url: URL, path: string): ((services: Services) => Promise<void>) | null {
    const get = req.method === "GET" || req.method === "HEAD";
    if (path === "/status.php") return get ? (s) => sendStatus(res, s) : null;
    if (path === "/index.php/login/v2" && req.method === "POST") return (s) => startFlowV2(req, res, s);
    if (path === "/index.php/login/v2/poll" && req.method === "POST") return (s) => pollFlowV2(req, res, url, s);
    const page = FLOW_V2_PAGE.exec(path);
    if (page && get) return async () => openFlowV2(res, page[1]!);
    if (path === "/index.php/login/flow" && get) return (s) => startFlowV1(req, res, s);
    if (path === GRANT_PATH && req.method === "POST") return (s) => grantFlow(req, res, s);
    if (!get) return null;
    const avatar = AVATAR_PATH.exec(path);
    if (avatar) return async (s) => sendAvatar(req, res, s, await requireNextcloudActor(req, s, { ocs: false }), decodeURIComponent(avatar[1]!));
    const box = { x: Number(url.searchParams.get("x") ?? 256), y: Number(url.searchParams.get("y") ?? 256) };
    if (path === "/index.php/core/preview") {
      return async (s) => sendPreview(req, res, s, await requireNextcloudActor(req, s, { ocs: false }), { fileId: positiveId(url.searchParams.get("fileId")) }, box);
    }
    if (path === "/index.php/core/preview.png") {
      return async (s) => sendPreview(req, res, s, await requireNextcloudActor(req, s, { ocs: false }), { path: url.searchParams.get("file") ?? "" }, box);
    }
    const thumb = THUMBNAIL_PATH.exec(path);
    if (thumb) {
      const target = { path: thumb[3]!.split("/").map(decodeURIComponent).join("/") };
      return async (s) => sendPreview(req, res, s, await requireNextcloudActor(req, s, { ocs: false }), target, { x: Number(thumb[1]), y: Number(thumb[2]) });
    }
    return null;
  }
}

// GET /status.php – what the clients check before anything else (only at the root: /nextcloud/status.php is not served)
async function sendStatus(res: ServerResponse, services: Services): Promise<void> {
  const installed = !(await services.setup.isNeeded());
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" });
  res.end(
    JSON.stringify({
      installed,
      maintenance: false,
      needsDbUpgrade: false,
      version: NEXTCLOUD_VERSION.full,
      versionstring: NEXTCLOUD_VERSION.string,
      edition: "",
      productname: PRODUCT_NAME,
      extendedSupport: false,
    }),
  );
}

async function serveOcs(req: IncomingMessage, res: ServerResponse, url: URL, services: Services, version: OcsVersion, rest: string): Promise<void> {
  const format = ocsFormatOf(req, url);
  try {
    const routes = OCS_ROUTES.filter((r) => r.path.test(rest));
    if (routes.length === 0) throw new DomainError("NOT_FOUND", "Invalid query, please check the syntax. API specifications are here: http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.");
    const route = routes.find((r) => r.method === req.method);
    if (!route) return sendOcs(res, version, format, { status: 405, message: `${req.method} is not supported here.`, data: [] });
    const actor = route.public ? await nextcloudActor(req, services, { ocs: true }).catch(() => null) : await requireNextcloudActor(req, services, { ocs: true });
    sendOcs(res, version, format, await route.handle({ req, url, services, actor, match: route.path.exec(rest)! }));
  } catch (e) {
    const { headers, ...result } = ocsErrorOf(e);
    sendOcs(res, version, format, result, headers);
  }
}

function positiveId(value: string | null): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError("INVALID_INPUT", "fileId must be a file id.");
  return id;
}
