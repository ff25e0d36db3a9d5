import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { readBodyUpTo } from "@/lib/http/read-body";
import { MAX_AVATAR_UPLOAD_BYTES } from "@/lib/media/avatar";

// PUT /api/me/avatar – the picture's bytes as the body (any image type); stored as a 256 px square WebP
export const PUT = withActor(async ({ req, actor }) => {
  const bytes = await readBodyUpTo(req, MAX_AVATAR_UPLOAD_BYTES, "The picture is too large: at most 10 MB.");
  return services().avatars.set(actor, bytes);
});

// DELETE /api/me/avatar – back to initials
export const DELETE = withActor(async ({ actor }) => {
  await services().avatars.remove(actor);
  return new Response(null, { status: 204 });
});
