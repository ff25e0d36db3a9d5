import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { favoriteBody } from "@/lib/http/quick-schemas";

// PUT /api/nodes/:id/favorite – star or unstar an item the caller can read
export const PUT = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { favorite } = favoriteBody.parse(await req.json());
  await services().favorites.set(actor, idParam(params.id), favorite);
  return { favorite };
});
