import type { IncomingMessage, ServerResponse } from "node:http";
import { actorFromHeaders } from "@/lib/auth/session";
import type { Services } from "@/lib/container";
import { isDomainError } from "@/lib/domain/errors";
import { readParams, redirect, sendJson, serverUrlOf } from "./http";

/** Haven's grant page for a flow (app/(auth)/connect/[token]). */
export const grantPagePath = (loginToken: string) => `/connect/${encodeURIComponent(loginToken)}`;
/** Where the grant page's form posts. */
export const GRANT_PATH = "/index.php/login/grant";

// POST /index.php/login/v2 – starts a Login Flow v2: the poll token and endpoint, and the URL to open in a browser
export async function startFlowV2(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  const { loginToken, pollToken } = await services.loginFlows.start("v2", req.headers["user-agent"]);
  const base = serverUrlOf(req);
  sendJson(res, 200, { poll: { token: pollToken, endpoint: `${base}/index.php/login/v2/poll` }, login: `${base}/index.php/login/v2/flow/${loginToken}` });
}

// GET /index.php/login/v2/flow/<token> – the browser's way in: Haven's grant page
export function openFlowV2(res: ServerResponse, loginToken: string): void {
  redirect(res, grantPagePath(loginToken), 302);
}

// POST /index.php/login/v2/poll – the credentials once granted, exactly once; 404 until then and afterwards
export async function pollFlowV2(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<void> {
  const token = (await readParams(req)).get("token") ?? url.searchParams.get("token") ?? "";
  try {
    const { loginName, appPassword } = await services.loginFlows.poll(token);
    sendJson(res, 200, { server: serverUrlOf(req), loginName, appPassword });
  } catch (e) {
    if (isDomainError(e) && e.code === "NOT_FOUND") return sendJson(res, 404, []);
    throw e;
  }
}

// GET /index.php/login/flow – Login Flow v1 (the mobile apps' web view, sent with OCS-APIREQUEST: true)
export async function startFlowV1(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  if (req.headers["ocs-apirequest"] !== "true") {
    res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("This page is for the Nextcloud apps: they send the OCS-APIREQUEST header.");
    return;
  }
  const { loginToken } = await services.loginFlows.start("v1", req.headers["user-agent"]);
  redirect(res, grantPagePath(loginToken), 302);
}

/**
 * POST /index.php/login/grant – the grant page's form (a signed-in browser session, same origin only). v1 answers
 * with the `nc://login/…` redirect the app's web view waits for; v2 goes back to the page, which now says "connected".
 */
export async function grantFlow(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  const params = await readParams(req);
  const token = params.get("token") ?? "";
  const origin = req.headers.origin;
  const base = serverUrlOf(req);
  if (origin && origin !== "null" && new URL(origin).host !== (req.headers.host ?? new URL(base).host)) {
    res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("Cross-site requests may not connect apps.");
    return;
  }
  const actor = await actorFromHeaders(req.headers);
  if (!actor || actor.user.mustChangePassword) return redirect(res, `/login?callbackUrl=${encodeURIComponent(grantPagePath(token))}`);
  try {
    const grant = await services.loginFlows.grant(actor, token);
    if (grant.kind === "v1") {
      return redirect(res, `nc://login/server:${base}&user:${encodeURIComponent(grant.loginName)}&password:${encodeURIComponent(grant.appPassword)}`, 302);
    }
  } catch (e) {
    if (!isDomainError(e) || !["NOT_FOUND", "CONFLICT"].includes(e.code)) throw e;
  }
  redirect(res, grantPagePath(token));
}
