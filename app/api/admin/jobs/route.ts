import { services } from "@/lib/container";
import { jobsQuery, searchParamsOf } from "@/lib/http/admin-schemas";
import { withActor } from "@/lib/http/api-route";
import { jobView } from "@/lib/http/admin-views";

// GET /api/admin/jobs?status= – the newest 100 jobs, optionally of one state
export const GET = withActor(async ({ req, actor }) => {
  const { status } = jobsQuery.parse(searchParamsOf(req));
  return { items: (await services().adminJobs.list(actor, status)).map(jobView) };
}, { admin: true });
