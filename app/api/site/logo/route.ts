import { services } from "@/lib/container";

export const dynamic = "force-dynamic";

// GET /api/site/logo – the site logo (PNG) at a stable URL, revalidated by ETag; 404 when none is set
export async function GET(req: Request) {
  const logo = await services().settings.logo();
  if (!logo) return new Response(null, { status: 404, headers: { "Cache-Control": "no-cache" } });
  const etag = `"${logo.etag}"`;
  const headers = { ETag: etag, "Cache-Control": "public, max-age=0, must-revalidate", "X-Content-Type-Options": "nosniff" };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.png), { headers: { ...headers, "Content-Type": "image/png" } });
}
