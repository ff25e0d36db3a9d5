import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { userPickView } from "@/lib/http/share-views";

// GET /api/users/search?q=text – the share dialog's user picker
export const GET = withActor(async ({ req, actor }) => {
  const q = new URL(req.url).searchParams.get("q") ?? "";
  return { users: (await services().shareGrants.searchUsers(actor, q)).map(userPickView) };
});
