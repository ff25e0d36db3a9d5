import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// GET /api/office – the file extensions the office server opens (empty when none is set up or it is unreachable)
export const GET = withActor(async () => ({ extensions: await services().wopi.officeExtensions() }));
