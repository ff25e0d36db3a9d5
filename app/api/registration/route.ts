import { z } from "zod";
import { clientIpOf } from "@/lib/auth/client-ip";
import { services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import { publicRoute } from "@/lib/http/api-route";

const signUpBody = z.object({
  username: z.string().min(1).max(64),
  email: z.string().min(3).max(320),
  password: z.string().min(1).max(1024),
  locale: z.enum(["en", "zh-CN"]).nullish(),
});

// GET /api/registration – whether sign-up is open (403 when it is not)
export const GET = publicRoute(async () => {
  if (!(await services().registration.isOpen())) throw new DomainError("FORBIDDEN", "Registration is closed on this site.");
  return { enabled: true };
});

// POST /api/registration {username, email, password, locale?} – create a disabled account and mail its activation link
export const POST = publicRoute(
  async ({ req }) => {
    // Closed sites answer 403 before reading the body.
    if (!(await services().registration.isOpen())) throw new DomainError("FORBIDDEN", "Registration is closed on this site.");
    await services().registration.signUp(signUpBody.parse(await req.json()), { ip: clientIpOf(req.headers) });
    return { accepted: true };
  },
  { status: 201 },
);
