import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { idsBody } from "@/lib/http/schemas";

// POST /api/trash/delete {ids} – delete the given trash entries for good (all are checked first; quota is freed)
export const POST = withActor(async ({ req, actor }) => {
  const { ids } = idsBody.parse(await req.json());
  return { purged: await services().trash.purge(actor, ids) };
});
