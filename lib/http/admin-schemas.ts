import { z } from "zod";

/** Query and body schemas of the /api/admin routes added with the admin dashboard. */
export const usersQuery = z.object({
  q: z.string().max(200).optional(),
  role: z.enum(["admin", "user", "partner"]).optional(),
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const deleteUserBody = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("transfer"), toUserId: z.number().int().positive() }),
  z.object({ mode: z.literal("purge") }),
]);

export const jobsQuery = z.object({ status: z.enum(["queued", "running", "done", "failed"]).optional() });

const date = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a date")
  .transform((s) => new Date(s));

export const auditQuery = z.object({
  actor: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: date.optional(),
  to: date.optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const days = z.number().int().min(1).max(36500);
export const siteSettingsBody = z.object({
  siteName: z.string().min(1).max(60).optional(),
  registration: z.object({ enabled: z.boolean() }).optional(),
  twoFactorPolicy: z.object({ required: z.boolean() }).optional(),
  defaultQuota: z.number().int().nonnegative().nullable().optional(),
  trashRetentionDays: days.optional(),
  versionRetention: z
    .object({ maxVersions: z.number().int().min(1).max(10000).nullable().optional(), maxAgeDays: days.nullable().optional(), keepNewest: z.number().int().min(1).max(10000).optional() })
    .optional(),
  auditRetentionDays: days.optional(),
});

/** Non-empty query parameters as an object (empty inputs in a filter form mean "any"). */
export function searchParamsOf(req: Request): Record<string, string> {
  return Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ""));
}
