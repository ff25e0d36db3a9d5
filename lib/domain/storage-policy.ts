import path from "node:path";
import { z } from "zod";

/** The name of the built-in local policy every install starts with (the CLI and docs refer to it). */
export const BUILTIN_POLICY_NAME = "local";

const name = z
  .string()
  .trim()
  .min(1, "A policy needs a name.")
  .max(64, "A policy name is at most 64 characters.")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, "A policy name uses letters, digits, spaces, dots, dashes and underscores.");

/** Lower-case extensions without dots, deduplicated; an empty list means any type (null). */
const extensions = z
  .array(z.string().trim().toLowerCase().transform((e) => e.replace(/^\.+/, "")))
  .transform((list) => [...new Set(list.filter(Boolean))])
  .refine((list) => list.every((e) => /^[\p{L}\p{N}_-]{1,16}$/u.test(e)), "Extensions are letters and digits, like jpg or tar.")
  .transform((list) => (list.length > 0 ? list : null));

const limits = {
  /** bytes; null = no limit */
  maxFileSize: z.number().int("The maximum file size is a whole number of bytes.").positive("The maximum file size must be above zero.").nullable().default(null),
  /** null or [] = any file type */
  allowedExtensions: extensions.nullable().default(null),
};

const localSettings = z.object({
  kind: z.literal("local"),
  /** an absolute directory on the server; omitted = the built-in blob directory under DATA_DIR */
  path: z.string().trim().refine((p) => path.isAbsolute(p), "The path must be an absolute directory, like /srv/haven-blobs.").optional(),
});

const s3Settings = z.object({
  kind: z.literal("s3"),
  endpoint: z.url({ protocol: /^https?$/, error: "The endpoint is an http:// or https:// URL." }),
  bucket: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "A bucket name is 3 to 63 lower-case letters, digits, dots or dashes."),
  region: z.string().trim().min(1).default("us-east-1"),
  /** "" or a path ending in "/" (normalised) */
  prefix: z
    .string()
    .trim()
    .default("")
    .transform((p) => {
      const bare = p.replace(/^\/+|\/+$/g, "");
      return bare ? `${bare}/` : "";
    })
    .refine((p) => !p.includes("//") && !/[\\\0]/.test(p), "The prefix is a path like haven/ without empty segments."),
  pathStyle: z.boolean().default(false),
  accessKeyId: z.string().trim().min(1, "The access key is required."),
  /** write-only: required when creating; omitted on edit keeps the stored one */
  secretAccessKey: z.string().min(1).optional(),
  redirectDownloads: z.boolean().default(false),
});

/** What an admin sends to create or edit a policy (REST and CLI both parse with this). */
export const policyInputSchema = z.discriminatedUnion("kind", [
  localSettings.extend({ name, ...limits }),
  s3Settings.extend({ name, ...limits }),
]);
export type PolicyInput = z.input<typeof policyInputSchema>;
export type ParsedPolicyInput = z.output<typeof policyInputSchema>;

/** Settings alone (a connection test of unsaved settings). */
export const policySettingsSchema = z.discriminatedUnion("kind", [localSettings, s3Settings]);
export type PolicySettings = z.output<typeof policySettingsSchema>;

/** Where a policy is assigned: a user's personal space, a team's space, or the site default for new spaces. */
export const policyTargetSchema = z.union([
  z.object({ userId: z.number().int().positive() }).strict(),
  z.object({ teamId: z.number().int().positive() }).strict(),
  z.object({ default: z.literal(true) }).strict(),
]);
export type PolicyTarget = z.infer<typeof policyTargetSchema>;

/** A policy as the admin sees it: never a secret, only whether one is set. */
export interface PolicyView {
  id: number;
  name: string;
  kind: "local" | "s3";
  isDefault: boolean;
  maxFileSize: number | null;
  allowedExtensions: string[] | null;
  /** local: the directory (null = the built-in one); s3: the settings without the secret */
  local: { path: string | null } | null;
  s3: { endpoint: string; bucket: string; region: string; prefix: string; pathStyle: boolean; accessKeyId: string; secretSet: boolean; redirectDownloads: boolean } | null;
  usage: { bytes: number; blobs: number; spaces: number };
}

export type ProbeStep = "put" | "get" | "list" | "delete";

/** One step of a connection test: what it did, how long it took, and in plain words why it failed. */
export interface ProbeStepResult {
  step: ProbeStep;
  ok: boolean;
  ms: number;
  /** not run because an earlier step failed */
  skipped?: boolean;
  error?: string;
}

export interface ProbeResult {
  ok: boolean;
  steps: ProbeStepResult[];
}
