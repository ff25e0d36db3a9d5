import { NextResponse } from "next/server";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { publicEntryView } from "@/lib/http/share-views";
import { visitorOf } from "@/lib/http/visitor";

// GET /api/public/shares/:token – a share page view (counts a view)
export const GET = publicRoute<{ token: string }>(async ({ req, params }) => {
  const { link, root, ownerName, rootEntry } = await services().visitors.open(visitorOf(params.token, req.headers));
  const body = {
    token: link.token,
    name: root.name,
    isFolder: root.isFolder,
    mode: link.mode,
    size: rootEntry.details ? root.size : null,
    mimeType: root.mimeType,
    ownerName,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    downloadsLeft: link.downloadLimit !== null ? Math.max(0, link.downloadLimit - link.downloadCount) : null,
    uploadSizeLimit: link.uploadSizeLimit,
    root: publicEntryView(link.token, rootEntry),
  };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
});
