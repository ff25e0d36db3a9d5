import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { jobView } from "@/lib/http/admin-views";

// POST /api/admin/jobs/:id/retry – put a failed job back in the queue
export const POST = withActor<{ id: string }>(async ({ actor, params }) => jobView(await services().adminJobs.retry(actor, idParam(params.id))), { admin: true });
