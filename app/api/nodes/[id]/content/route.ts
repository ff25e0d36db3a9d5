import { Readable } from "node:stream";
import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { nodeView } from "@/lib/http/views";
import { MAX_EDITOR_BYTES, strongEtag } from "@/lib/http/editor-content";
import { readBodyUpTo } from "@/lib/http/read-body";

// PUT /api/nodes/:id/content – save a file's content as a new version; If-Match: the ETag it was loaded at (412 if stale)
export const PUT = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const ifMatch = strongEtag(req.headers.get("if-match"));
  const bytes = await readBodyUpTo(req, MAX_EDITOR_BYTES, `The editor saves at most ${MAX_EDITOR_BYTES} bytes.`);
  const saved = await services().edits.saveContent(actor, idParam(params.id), { body: Readable.from([bytes]), declaredSize: bytes.length }, ifMatch);
  return Response.json(nodeView(saved), { headers: { ETag: `"${saved.node.etag}"` } });
});
