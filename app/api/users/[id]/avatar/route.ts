import { Readable } from "node:stream";
import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// GET /api/users/:id/avatar[?v=<etag>] – a user's picture (WebP) for signed-in users; ETag, 304 on If-None-Match.
// With ?v= naming the current ETag the answer may be cached for a year (the URL changes with the picture).
export const GET = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const avatar = await services().avatars.get(actor, idParam(params.id));
  const etag = `"${avatar.etag}"`;
  const versioned = new URL(req.url).searchParams.get("v") === avatar.etag;
  const headers = {
    ETag: etag,
    "Cache-Control": versioned ? "private, max-age=31536000, immutable" : "private, no-cache",
    "X-Content-Type-Options": "nosniff",
  };
  const match = req.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers });
  const body = Readable.toWeb(await avatar.body()) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...headers, "Content-Type": avatar.mime } });
});
