import { z } from "zod";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { publicEntryView } from "@/lib/http/share-views";
import { visitorOf } from "@/lib/http/visitor";

const body = z.object({ parentId: z.number().int().positive().optional(), name: z.string().max(4096) });

// POST /api/public/shares/:token/folders – new folder in a read-write share
export const POST = publicRoute<{ token: string }>(async ({ req, params }) => {
  const { parentId, name } = body.parse(await req.json());
  return publicEntryView(params.token, await services().visitorUploads.createFolder(visitorOf(params.token, req.headers), parentId, name));
}, { status: 201 });
