import { z } from "zod";
import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { nodeView } from "@/lib/http/views";
import { MAX_EDITOR_BYTES } from "@/lib/http/editor-content";

const newFileBody = z.object({
  name: z.string().max(4096),
  content: z.string().max(MAX_EDITOR_BYTES).default(""),
  /** take the next free "name (n)" instead of refusing a taken name (save as a copy) */
  rename: z.boolean().optional(),
});

// POST /api/nodes/:id/files – new file with text content (New → Text file / Markdown file, save as a copy)
export const POST = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { name, content, rename } = newFileBody.parse(await req.json());
  return nodeView(await services().edits.createFile(actor, idParam(params.id), name, Buffer.from(content, "utf8"), { rename }));
}, { status: 201 });
