import { z } from "zod";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date is YYYY-MM-DD.");

export const partnerRequestBody = z.object({
  teamSpaceId: z.number().int().positive(),
  name: z.string().max(200),
  email: z.string().max(320),
  company: z.string().max(200),
  reason: z.string().max(2000),
  expiresOn: date,
  username: z.string().max(64).optional(),
});

export const partnerRejectBody = z.object({ reason: z.string().max(2000) });

export const partnerPatchBody = z.object({ disabled: z.boolean().optional(), expiresOn: date.optional() });

export const partnerApproversBody = z.object({ usernames: z.array(z.string().max(64)).max(100) });

export const partnerRequestState = z.enum(["pending", "approved", "rejected"]).optional();
