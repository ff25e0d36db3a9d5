import { NextResponse } from "next/server";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { optionalNodeId } from "@/lib/http/schemas";
import { publicEntryView } from "@/lib/http/share-views";
import { visitorOf } from "@/lib/http/visitor";

// GET /api/public/shares/:token/children?folderId=N – a folder inside the share (the root by default)
export const GET = publicRoute<{ token: string }>(async ({ req, params }) => {
  const folderId = optionalNodeId.safeParse(new URL(req.url).searchParams.get("folderId") ?? undefined);
  if (!folderId.success) return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such file or folder." } }, { status: 404 });
  const page = await services().visitors.children(visitorOf(params.token, req.headers), folderId.data);
  const body = {
    folder: publicEntryView(params.token, page.folder),
    crumbs: page.crumbs,
    entries: page.entries.map((e) => publicEntryView(params.token, e)),
  };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
});
