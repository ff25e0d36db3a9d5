import { z } from "zod";
import { clientIpOf } from "@/lib/auth/client-ip";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";

const verifyBody = z.object({ token: z.string().min(1).max(200) });

// POST /api/registration/verify {token} – activate the account of a mailed link (410 when spent or expired)
export const POST = publicRoute(async ({ req }) => services().registration.verify(verifyBody.parse(await req.json()).token, { ip: clientIpOf(req.headers) }));
