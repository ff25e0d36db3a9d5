import { DomainError } from "@/lib/domain/errors";
import { ocFileId } from "@/lib/domain/file-id";
import { sendContent } from "@/server/http/send-content";
import type { DavContext } from "../context";

const FOLDER_NOTE = "This is a WebDAV folder. Open it with a WebDAV client, or browse it in Haven's web app.\n";

// GET and HEAD – a file's bytes with ranges and caching, exactly as the browser download sends them
export async function get(ctx: DavContext): Promise<void> {
  const entry = ctx.target.node;
  if (!entry) throw new DomainError("NOT_FOUND", "No such file or folder.");
  if (entry.node.isFolder) {
    ctx.res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(FOLDER_NOTE), ETag: `"${entry.node.etag}"` });
    ctx.res.end(ctx.req.method === "HEAD" ? undefined : FOLDER_NOTE);
    return;
  }
  const content = ctx.services.downloads.openResolvedNow(ctx.actor, entry) ?? (await ctx.services.downloads.openResolved(ctx.actor, entry));
  ctx.res.setHeader("OC-ETag", `"${content.node.etag}"`);
  ctx.res.setHeader("OC-FileId", ocFileId(content.node.id));
  await sendContent(ctx.req, ctx.res, content, { attachment: false, etag: content.node.etag });
}
