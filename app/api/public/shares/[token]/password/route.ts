import { z } from "zod";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { shareCookieHeader, visitorOf } from "@/lib/http/visitor";

const body = z.object({ password: z.string().max(1024) });

// POST /api/public/shares/:token/password – unlock a password link (throttled per link and IP)
export const POST = publicRoute<{ token: string }>(async ({ req, params }) => {
  const { password } = body.parse(await req.json());
  const cookie = await services().visitors.unlock(visitorOf(params.token, req.headers), password);
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (cookie) headers.set("Set-Cookie", shareCookieHeader(cookie));
  return new Response(null, { status: 204, headers });
});
