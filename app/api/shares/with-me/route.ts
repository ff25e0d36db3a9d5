import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { personView } from "@/lib/http/share-views";
import { nodeView } from "@/lib/http/views";

// GET /api/shares/with-me – what other users share with the caller
export const GET = withActor(async ({ actor }) => ({
  items: (await services().shareGrants.sharedWithMe(actor)).map(({ grant, entry, owner }) => ({
    grantId: grant.id,
    permission: grant.permission,
    sharedAt: grant.createdAt.toISOString(),
    owner: personView(owner),
    node: nodeView(entry),
  })),
}));
