import "server-only";
import { z } from "zod";
import type { SecretBox } from "@/lib/crypto/secret-box";

/** The SecretBox purpose (HKDF info) that seals storage credentials: a sealed S3 secret opens for nothing else. */
export const STORAGE_SECRET_PURPOSE = "storage credentials";

/**
 * What `StoragePolicy.config` holds for kind "s3", as stored: the secret key only sealed (lib/crypto/secret-box).
 * This shape is the contract between the policy service (writes it) and the storage registry (opens it).
 */
export const s3PolicyConfigSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  bucket: z.string().min(3).max(63),
  region: z.string().min(1).default("us-east-1"),
  /** key prefix inside the bucket, "" or ending in "/" */
  prefix: z.string().default(""),
  /** path-style addressing (Ceph, MinIO) instead of virtual-host buckets (AWS, R2) */
  pathStyle: z.boolean().default(false),
  accessKeyId: z.string().min(1),
  secretAccessKeySealed: z.string().min(1),
  /** downloads may redirect to a short-lived presigned URL where a redirect is safe */
  redirectDownloads: z.boolean().default(false),
});
export type S3PolicyConfig = z.infer<typeof s3PolicyConfigSchema>;

/** The opened settings a driver is built from; never logged, never sent to a browser. */
export type S3DriverConfig = Omit<S3PolicyConfig, "secretAccessKeySealed"> & { secretAccessKey: string };

/** Reads a stored S3 policy config and opens its secret. Throws on a config that does not match the schema. */
export function openS3Config(config: Record<string, unknown>, box: SecretBox): S3DriverConfig {
  const { secretAccessKeySealed, ...rest } = s3PolicyConfigSchema.parse(config);
  return { ...rest, secretAccessKey: box.open(secretAccessKeySealed) };
}

/** The stored form of S3 settings: the secret sealed. */
export function sealS3Config(settings: S3DriverConfig, box: SecretBox): S3PolicyConfig {
  const { secretAccessKey, ...rest } = settings;
  return { ...rest, secretAccessKeySealed: box.seal(secretAccessKey) };
}
