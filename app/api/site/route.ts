import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";

// GET /api/site – the site's name and logo URL (public: the sign-in page and the shell show them)
export const GET = publicRoute(async () => {
  const [name, logo] = await Promise.all([services().settings.siteName(), services().settings.logo()]);
  return { name, logoUrl: logo ? `/api/site/logo?v=${logo.etag}` : null };
});
