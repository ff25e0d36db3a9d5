import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { setupBody } from "@/lib/http/schemas";

// GET /api/setup – whether first-run setup is still open
export const GET = publicRoute(async () => ({ needed: await services().setup.isNeeded() }));

// POST /api/setup – create the first admin; closed once any account exists
export const POST = publicRoute(async ({ req }) => {
  const body = setupBody.parse(await req.json());
  const user = await services().setup.createAdmin(body);
  return { id: user.id };
}, { status: 201 });
