import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { codeBody } from "@/lib/http/account-schemas";

// POST /api/me/two-factor/confirm – turn it on with a code from the app; answers the ten recovery codes, once
export const POST = withActor(async ({ req, actor }) => services().twoFactor.confirm(actor, codeBody.parse(await req.json()).code), { enrolment: true });
