import { services } from "@/lib/container";
import { auditQuery, searchParamsOf } from "@/lib/http/admin-schemas";
import { withActor } from "@/lib/http/api-route";

// GET /api/admin/audit/export?<same filters> – the matching events as CSV, streamed in batches
export const GET = withActor(async ({ req, actor }) => {
  const { cursor: _cursor, limit: _limit, ...filter } = auditQuery.parse(searchParamsOf(req));
  const rows = services().audit.csv(actor, filter);
  const first = await rows.next(); // the admin check runs before any byte is sent
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const name = `haven-audit-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" } });
}, { admin: true });
