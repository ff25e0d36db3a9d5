import "server-only";
import { DomainError } from "@/lib/domain/errors";

/** Why an S3 request failed, as an admin can act on it. */
export type S3FailureReason = "credentials" | "bucket" | "unreachable" | "full" | "server";

const CREDENTIAL_CODES = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed"]);
const FULL_CODES = new Set(["QuotaExceeded", "InsufficientStorage", "ServiceUnavailableFull"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE", "TimeoutError", "RequestTimeout"]);

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function codeOf(e: SdkError): string {
  return e.Code ?? e.code ?? e.name ?? "";
}

/** Whether an SDK error says the object (or a multipart upload) does not exist. */
export function isS3NotFound(e: unknown): boolean {
  const err = e as SdkError;
  const code = codeOf(err);
  return code === "NoSuchKey" || code === "NotFound" || code === "NoSuchUpload" || (err?.$metadata?.httpStatusCode === 404 && code !== "NoSuchBucket");
}

/**
 * Turns an S3 SDK or network failure into a DomainError an admin understands (STORAGE_ERROR with `reason`, or
 * QUOTA_EXCEEDED when the bucket is full). Errors that are not S3's (ours, a failing source stream) pass through.
 */
export function s3Failure(e: unknown, where: { endpoint: string; bucket: string }): unknown {
  if (typeof e !== "object" || e === null) return e;
  const err = e as SdkError;
  const code = codeOf(err);
  const status = err.$metadata?.httpStatusCode;
  const fail = (reason: S3FailureReason, message: string) => new DomainError(reason === "full" ? "QUOTA_EXCEEDED" : "STORAGE_ERROR", message, { reason, s3Code: code || undefined });
  const networkCode = [code, (err.cause as SdkError | undefined)?.code].find((c) => c && NETWORK_CODES.has(c));
  if (networkCode) return fail("unreachable", `The S3 endpoint ${where.endpoint} does not answer (${networkCode}).`);
  // Before the credential check: a full bucket answers 403 too (radosgw's QuotaExceeded).
  if (FULL_CODES.has(code)) return fail("full", `The bucket "${where.bucket}" is full (${code}); nothing was stored.`);
  if (CREDENTIAL_CODES.has(code) || status === 403) return fail("credentials", `The S3 server at ${where.endpoint} refused the access key or secret for bucket "${where.bucket}" (${code || status}).`);
  if (code === "NoSuchBucket") return fail("bucket", `The bucket "${where.bucket}" does not exist at ${where.endpoint}.`);
  if (status !== undefined || "$metadata" in err) return fail("server", `The S3 server at ${where.endpoint} failed: ${code || status}${err.message ? ` (${err.message})` : ""}.`);
  return e;
}
