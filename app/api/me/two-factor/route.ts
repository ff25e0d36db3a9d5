import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// GET /api/me/two-factor – whether two-step verification is on, and how many recovery codes are left
export const GET = withActor(async ({ actor }) => services().twoFactor.status(actor), { enrolment: true });

// POST /api/me/two-factor – start enrolment: a new TOTP secret and its otpauth:// URI (for the QR code)
export const POST = withActor(async ({ actor }) => services().twoFactor.begin(actor), { enrolment: true });
