import { z } from "zod";

/** Request bodies of the account routes (password reset, profile, password change, two-factor, mail settings). */
const password = z.string().min(1).max(1024);
const code = z.string().trim().min(1).max(64);

export const smtpBody = z
  .object({
    url: z.string().max(2000).nullish(),
    host: z.string().max(255).nullish(),
    port: z.number().int().min(1).max(65535).nullish(),
    secure: z.boolean().optional(),
    user: z.string().max(255).nullish(),
    /** left out: keep the stored password */
    pass: z.string().max(1024).nullish(),
    from: z.string().min(1).max(320),
  })
  .nullable();
export const testMailBody = z.object({ to: z.string().min(3).max(320) });
export const resetRequestBody = z.object({ identifier: z.string().trim().min(1).max(320) });
export const resetBody = z.object({ token: z.string().min(10).max(200), password });
export const profileBody = z.object({
  displayName: z.string().max(200).optional(),
  email: z.string().max(320).nullish(),
  locale: z.enum(["en", "zh-CN"]).nullable().optional(),
});
export const changePasswordBody = z.object({ currentPassword: password, newPassword: password });
export const codeBody = z.object({ code });
export const disableTwoFactorBody = z.object({ password, code });
export const passwordPolicyBody = z.object({ minLength: z.number().int().min(6).max(128) });
