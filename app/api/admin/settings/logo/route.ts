import { services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import { withActor } from "@/lib/http/api-route";
import { renderLogo } from "@/lib/media/logo";

const MAX_UPLOAD = 5 * 1024 * 1024;

// PUT /api/admin/settings/logo – the site logo (the image as the body; resized to fit 256×256, stored as PNG)
export const PUT = withActor(async ({ req, actor }) => {
  const bytes = Buffer.from(await req.arrayBuffer());
  if (bytes.length === 0 || bytes.length > MAX_UPLOAD) throw new DomainError("INVALID_INPUT", "A logo is an image of at most 5 MB.");
  const png = await renderLogo(bytes).catch(() => {
    throw new DomainError("INVALID_INPUT", "That file is not an image Haven can read.");
  });
  await services().settings.setLogo(actor, png);
  return { ok: true };
}, { admin: true });

// DELETE /api/admin/settings/logo – back to Haven's own mark
export const DELETE = withActor(async ({ actor }) => {
  await services().settings.setLogo(actor, null);
  return { ok: true };
}, { admin: true });
