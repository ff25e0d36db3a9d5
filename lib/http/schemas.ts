import { z } from "zod";
import { SHARE_MODES } from "@/lib/domain/share";

const id = z.number().int().positive();
const ids = z.array(id).min(1).max(10_000);
const quota = z.number().int().nonnegative().nullable();

export const nameBody = z.object({ name: z.string().max(4096) });
export const namesBody = z.object({ names: z.array(z.string().max(4096)).max(10_000) });
export const idsBody = z.object({ ids });
export const transferBody = z.object({ ids, targetId: id, onConflict: z.enum(["rename", "fail"]).optional() });
export const listQuery = z.object({
  sort: z.enum(["name", "size", "mtime"]).default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
  cursor: z.string().max(2048).nullish(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const setupBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  displayName: z.string().max(200).optional(),
  email: z.string().max(320).nullish(),
  twoFactorRequired: z.boolean().optional(),
});
export const localeBody = z.object({ locale: z.enum(["en", "zh-CN"]).nullable() });
export const createUserBody = setupBody.extend({ role: z.enum(["admin", "user"]).optional(), quota: quota.optional() });
export const updateUserBody = z.object({
  disabled: z.boolean().optional(),
  quota: quota.optional(),
  role: z.enum(["admin", "user"]).optional(),
  password: z.string().min(1).max(1024).optional(),
  displayName: z.string().max(200).optional(),
  email: z.string().max(320).nullish(),
  twoFactorRequired: z.boolean().optional(),
});
export const appPasswordBody = z.object({
  name: z.string().min(1).max(100),
  readOnly: z.boolean().optional(),
  /** limits the password to this folder (and below) */
  folderId: z.number().int().positive().nullable().optional(),
});

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const linkFields = {
  mode: z.enum(SHARE_MODES).optional(),
  password: z.string().min(1).max(1024).nullable().optional(),
  expiresAt: isoDate.nullable().optional(),
  downloadLimit: z.number().int().positive().nullable().optional(),
  uploadSizeLimit: z.number().int().positive().nullable().optional(),
};
export const createLinkBody = z.object({ nodeId: id, ...linkFields });
export const updateLinkBody = z.object(linkFields);
export const grantPermission = z.enum(["view", "edit"]);
export const createGrantBody = z
  .object({ nodeId: id, userId: id.optional(), teamId: id.optional(), permission: grantPermission })
  .refine((b) => (b.userId === undefined) !== (b.teamId === undefined), { message: "Give either userId or teamId." });
export const updateGrantBody = z.object({ permission: grantPermission });
export const sharePolicyBody = z.object({
  publicLinks: z.boolean().optional(),
  requirePassword: z.boolean().optional(),
  maxExpiryDays: z.number().int().min(1).max(36_500).nullable().optional(),
  allowUploadLinks: z.boolean().optional(),
  partnersMayShare: z.boolean().optional(),
});
export const optionalNodeId = z.coerce.number().int().positive().optional();

// Teams
const teamRole = z.enum(["admin", "editor", "viewer"]);
export const createTeamBody = z.object({ name: z.string().min(1).max(100), description: z.string().max(2000).optional(), quota: quota.optional() });
export const updateTeamBody = z.object({
  name: z.string().min(1).max(100).optional(),
  description: z.string().max(2000).optional(),
  quota: quota.optional(),
  policyId: id.optional(),
});
export const addTeamMemberBody = z.object({ userId: id, role: teamRole });
export const changeTeamMemberBody = z.object({ role: teamRole });
export const teamSettingsBody = z.object({ usersMayCreateTeams: z.boolean() });
/** DELETE /api/teams/:id: what happens to the files (no body = purge, as before). */
export const deleteTeamBody = z.union([
  z.object({ mode: z.literal("transfer"), toUserId: id }).strict(),
  z.object({ mode: z.literal("transfer"), toTeamId: id }).strict(),
  z.object({ mode: z.literal("purge") }).strict(),
]);
