import { NextResponse } from "next/server";
import { services } from "@/lib/container";

export const dynamic = "force-dynamic";

// GET /api/health – whether the database and the storage answer
export async function GET() {
  const health = await services().health.check();
  return NextResponse.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
