import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIpOf } from "@/lib/auth/client-ip";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { RequestMemo } from "@/lib/domain/permissions";
import type { NativeActor } from "@/lib/services/app-password.service";
import { checkPreconditions } from "./conditional";
import { lockPath, resolve, resolveNow, withLockHref, type DavContext } from "./context";
import { DavError, sendDavError } from "./errors";
import { etagMatches, parseIf, submittedTokens, type IfList } from "./headers";
import { copy } from "./methods/copy";
import { del } from "./methods/delete";
import { get } from "./methods/get";
import { lock } from "./methods/lock";
import { mkcol } from "./methods/mkcol";
import { move } from "./methods/move";
import { options } from "./methods/options";
import { propfind } from "./methods/propfind";
import { proppatch } from "./methods/proppatch";
import { put } from "./methods/put";
import { report } from "./methods/report";
import { unlock } from "./methods/unlock";
import { matchMount, parseSegments, rawPathOf, type DavLocation, type DavResource } from "./resource";
import { ALLOWED_METHODS } from "./router";
import { placeOf, placeOfNow } from "./places";
import { matchUploads, serveUploads } from "./uploads";
import { BULK_PATH, serveBulk } from "./bulk";
import { matchTrashbin, serveTrashbin } from "./trashbin";
import { matchVersions, serveVersions } from "./versions";
import { DASL_PATHS, serveDaslSearch } from "./dasl-search";

const METHODS = new Map<string, (ctx: DavContext) => Promise<void>>(Object.entries({
  GET: get,
  HEAD: get,
  PUT: put,
  DELETE: del,
  MKCOL: mkcol,
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  COPY: copy,
  MOVE: move,
  LOCK: lock,
  UNLOCK: unlock,
  REPORT: report,
}));

const REALM = 'Basic realm="Haven", charset="UTF-8"';

/**
 * For the server's `checkContinue` event: true when the request is a WebDAV PUT, which sends "100 Continue" itself
 * only once authentication, permissions, locks and quota have passed, so refused uploads never send their bytes.
 */
export function defersContinue(req: IncomingMessage): boolean {
  return req.method === "PUT" && matchMountSafe(rawPathOf(req.url ?? "/")) !== null;
}

function matchMountSafe(rawPath: string): DavLocation | null {
  try {
    return matchMount(rawPath);
  } catch {
    return null;
  }
}

/** False when handleWebdav would certainly answer false for this request target (its doors all start so). */
export function mayBeWebdav(target: string): boolean {
  return target.startsWith("/dav") || target.startsWith("/remote.php/");
}

/**
 * The WebDAV adapter: `/dav/…`, `/remote.php/webdav/…` and `/remote.php/dav/files/<user>/…`. Returns false for other
 * paths. Authenticates with HTTP Basic (app password or account password), resolves the target in the user's space,
 * evaluates the If header and the HTTP preconditions (If-Match…), and hands over to one module per method. Every rule
 * lives in the services.
 */
export async function handleWebdav(req: IncomingMessage, res: ServerResponse, _url: URL | null, services: Services): Promise<boolean> {
  let location: DavLocation | null;
  try {
    if (rawPathOf(req.url ?? "/") === BULK_PATH) {
      if (req.method === "OPTIONS") options(res);
      else await serveBulk(req, res, await authenticate(req, services), services);
      return true;
    }
    if (DASL_PATHS.has(rawPathOf(req.url ?? "/")) && req.method !== "OPTIONS" && req.method !== "PROPFIND") {
      await serveDaslSearch(req, res, await authenticate(req, services), services);
      return true;
    }
    const versions = matchVersions(rawPathOf(req.url ?? "/"));
    if (versions) {
      if (req.method === "OPTIONS") options(res);
      else await serveVersions(req, res, versions, await authenticate(req, services), services);
      return true;
    }
    const trashbin = matchTrashbin(rawPathOf(req.url ?? "/"));
    if (trashbin) {
      if (req.method === "OPTIONS") options(res);
      else await serveTrashbin(req, res, trashbin, await authenticate(req, services), services);
      return true;
    }
    const uploads = matchUploads(rawPathOf(req.url ?? "/"));
    if (uploads) {
      if (req.method === "OPTIONS") options(res);
      else await serveUploads(req, res, uploads, await authenticate(req, services), services);
      return true;
    }
    location = matchMount(rawPathOf(req.url ?? "/"));
  } catch (e) {
    sendDavError(res, e);
    return true;
  }
  if (!location) return false;
  try {
    await serve(req, res, location, services);
  } catch (e) {
    sendDavError(res, e);
  }
  return true;
}

async function serve(req: IncomingMessage, res: ServerResponse, { mount, rest }: DavLocation, services: Services): Promise<void> {
  if (req.method === "OPTIONS") return options(res);
  // Memberships are looked up once per request: every service call below shares the memo through the actor. The
  // credential check reads the personal place into it in its own statement.
  const requestMemo = { roles: new Map<number, string | null>() };
  // A remembered credential is usually accepted at once (SQLite), and the personal place and a path below it too:
  // each of those steps waits only when it must read (every await costs a few promise hooks where Next.js has
  // enabled its AsyncLocalStorage).
  const actor: NativeActor = authenticateNow(req, services, requestMemo) ?? { ...(await authenticate(req, services, requestMemo)), requestMemo };
  const handler = METHODS.get(req.method ?? "");
  if (!handler) throw new DavError(405, `${req.method} is not supported here.`, undefined, { Allow: ALLOWED_METHODS });
  if (mount.unsupported) throw new DomainError("NOT_FOUND", "Only /remote.php/dav/files/<user>/ is served here.");
  if (mount.user !== null && mount.user !== actor.user.username) throw new DomainError("FORBIDDEN", "This is another user's space.");
  const segments = parseSegments(rest);
  const place = placeOfNow(services, actor, mount, segments) ?? (await placeOf(services, actor, mount, segments));
  const ifHeader = req.headers.if;
  const ifLists = typeof ifHeader === "string" ? parseIf(ifHeader) : null;
  const tokens = submittedTokens(ifLists);
  // The services check locks on every write too; over WebDAV a lock counts as held only with its token submitted.
  const davActor: NativeActor = { ...actor, lockTokens: tokens };
  if (place.kind === "listing") {
    if (req.method !== "PROPFIND" && req.method !== "GET" && req.method !== "HEAD") throw new DavError(405, "This folder only lists your teams (or what you may see in one); work inside one of its folders.", undefined, { Allow: "OPTIONS, GET, HEAD, PROPFIND" });
    const target: DavResource = { segments: [], path: "/", node: place.listing, parent: null };
    return handler({ req, res, services, actor: davActor, space: place.space, mount: place.mount, rootId: 0, rootSegments: [], target, ifLists: null, tokens, teamFolders: [], listed: place.children, teamsIndex: true, mountType: place.mountType });
  }
  const { space, rootId, rootSegments } = place;
  const content = req.method === "GET" || req.method === "HEAD";
  const within = { services, actor: davActor, rootId, rootSegments };
  const target = place.file
    ? { segments: place.segments, path: lockPath({ rootSegments }, place.segments), node: place.file, parent: null }
    : ((req.method !== "PROPFIND" ? resolveNow(within, place.segments, { content, root: place.root }) : undefined) ??
      (await resolve(within, place.segments, { checksum: req.method === "PROPFIND", content, root: place.root })));
  const ctx: DavContext = { req, res, services, actor: davActor, space, mount: place.mount, rootId, rootSegments, target, ifLists, tokens, teamFolders: place.teamFolders, sharedFolder: place.sharedFolder, teamsIndex: false, mountType: place.mountType };
  if (ifLists) await checkIf(ctx, ifLists);
  checkPreconditions(ctx);
  // The services check locks on every write (with the submitted tokens); a refusal names the locked href.
  await handler(ctx).catch((e: unknown) => {
    throw withLockHref(ctx, e);
  });
}

/** The Basic credentials sent, or null. */
function basicCredentials(req: IncomingMessage): { username: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? "");
  const decoded = m ? Buffer.from(m[1]!, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  return colon <= 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** authenticate answered at once when AppPasswordService.authenticateNow can; undefined otherwise (ask authenticate). */
function authenticateNow(req: IncomingMessage, services: Services, memo: RequestMemo): NativeActor | undefined {
  const basic = basicCredentials(req);
  return basic ? services.appPasswords.authenticateNow(basic.username, basic.password, clientIpOf(req.headers), memo) : undefined;
}

/** HTTP Basic with an app password or the account password; 401 with a challenge otherwise. */
async function authenticate(req: IncomingMessage, services: Services, memo?: RequestMemo): Promise<NativeActor> {
  const basic = basicCredentials(req);
  if (!basic) throw new DavError(401, "Sign in with your username and an app password.", undefined, { "WWW-Authenticate": REALM });
  try {
    return await services.appPasswords.authenticate(basic.username, basic.password, clientIpOf(req.headers), memo);
  } catch (e) {
    if (e instanceof DomainError && e.code === "UNAUTHENTICATED") throw new DavError(401, e.message, undefined, { "WWW-Authenticate": REALM });
    throw e;
  }
}

/**
 * Evaluates the If header (RFC 4918 §10.4): true when any list holds, each condition being a lock token that covers
 * the list's resource or that resource's ETag, maybe negated. False → 412.
 */
async function checkIf(ctx: DavContext, lists: IfList[]): Promise<void> {
  const host = ctx.req.headers.host ?? "localhost";
  const states = new Map<string, Promise<{ etag: string | null; tokens: Set<string> } | null>>();
  /** The resource a list is about: the request target, or its tag's URL in this space (null: another place). */
  const resourceFor = async (tag: string | null): Promise<DavResource | null> => {
    if (tag === null) return ctx.target;
    try {
      const url = new URL(tag, `http://${host}`);
      if (url.host !== host) return null;
      const location = matchMount(url.pathname);
      if (!location || location.mount.unsupported || (location.mount.user !== null && location.mount.user !== ctx.actor.user.username)) return null;
      const place = await placeOf(ctx.services, ctx.actor, location.mount, parseSegments(location.rest));
      if (place.kind !== "space" || place.space.id !== ctx.space.id) return null;
      return await resolve({ ...ctx, rootId: place.rootId, rootSegments: place.rootSegments }, place.segments);
    } catch {
      return null;
    }
  };
  const stateOf = (tag: string | null) => {
    let state = states.get(tag ?? "");
    if (!state) {
      state = resourceFor(tag).then(async (resource) => {
        if (!resource) return null;
        const locks = await ctx.services.locks.covering(ctx.space.id, resource.path);
        return { etag: resource.node ? `"${resource.node.node.etag}"` : null, tokens: new Set(locks.map((l) => l.token)) };
      });
      states.set(tag ?? "", state);
    }
    return state;
  };
  for (const list of lists) {
    const state = await stateOf(list.resource);
    if (!state) continue;
    const holds = list.conditions.every((c) => {
      const match = "token" in c ? state.tokens.has(c.token) : state.etag !== null && etagMatches(state.etag, c.etag);
      return c.not ? !match : match;
    });
    if (holds) return;
  }
  throw new DomainError("PRECONDITION_FAILED", "The If header's conditions do not hold.");
}
