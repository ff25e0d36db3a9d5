import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { ProbeResult, ProbeStep, ProbeStepResult } from "@/lib/domain/storage-policy";
import type { StorageDriver } from "@/lib/storage/driver";

const STEPS: ProbeStep[] = ["put", "get", "list", "delete"];
const PROBE_BYTES = 4096;
export const PROBE_STEP_TIMEOUT_MS = 15_000;

/** Where a probe runs, for error messages that name it (never credentials). */
export interface ProbeTarget {
  kind: "local" | "s3";
  /** local: the directory; s3: the endpoint */
  where: string;
  bucket?: string;
}

/**
 * Writes, reads back, finds and deletes a small random probe object through `driver`. Steps run in order and stop at
 * the first failure (later steps are reported as skipped); each is bounded by a timeout so that an endpoint that
 * never answers still gives a result. The probe is removed whenever the put may have landed.
 */
export async function probeStorage(driver: StorageDriver, target: ProbeTarget, timeoutMs = PROBE_STEP_TIMEOUT_MS): Promise<ProbeResult> {
  const key = driver.newKey();
  const body = randomBytes(PROBE_BYTES);
  const digest = createHash("sha256").update(body).digest("hex");
  const actions: Record<ProbeStep, () => Promise<void>> = {
    put: async () => {
      const put = await driver.put(key, Readable.from([body]));
      if (put.size !== PROBE_BYTES || put.sha256 !== digest) throw new Error("The stored probe does not match what was sent.");
    },
    get: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of await driver.get(key)) chunks.push(chunk as Buffer);
      if (!Buffer.concat(chunks).equals(body)) throw new Error("The probe read back differs from what was written.");
    },
    list: async () => {
      if (!(await driver.stat(key))) throw new Error("The probe was written but is not listed.");
    },
    delete: async () => {
      await driver.delete(key);
      if (await driver.stat(key)) throw new Error("The probe is still there after deleting it.");
    },
  };
  const steps: ProbeStepResult[] = [];
  let failed = false;
  for (const step of STEPS) {
    if (failed) {
      steps.push({ step, ok: false, ms: 0, skipped: true });
      continue;
    }
    const started = performance.now();
    try {
      await withTimeout(actions[step](), timeoutMs);
      steps.push({ step, ok: true, ms: Math.round(performance.now() - started) });
    } catch (e) {
      failed = true;
      steps.push({ step, ok: false, ms: Math.round(performance.now() - started), error: describeStorageError(e, target, timeoutMs) });
    }
  }
  if (failed && steps[0]!.ok) await driver.delete(key).catch(() => undefined);
  return { ok: !failed, steps };
}

class ProbeTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPROTO", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]);

/** Plain words for what went wrong talking to a storage backend: the S3 error code, a network failure or a disk error. */
export function describeStorageError(e: unknown, target: ProbeTarget, timeoutMs = PROBE_STEP_TIMEOUT_MS): string {
  if (e instanceof ProbeTimeout) return `${target.where} did not answer within ${Math.round(timeoutMs / 1000)} s.`;
  const err = (e ?? {}) as { name?: string; Code?: string; code?: string; message?: string; cause?: { code?: string }; $metadata?: { httpStatusCode?: number } };
  const code = err.Code ?? err.name;
  switch (code) {
    case "InvalidAccessKeyId":
      return "The S3 server does not know this access key.";
    case "SignatureDoesNotMatch":
      return "The secret key does not match the access key.";
    case "AccessDenied":
    case "Forbidden":
      return `These credentials may not read and write bucket "${target.bucket}".`;
    case "NoSuchBucket":
      return `The bucket "${target.bucket}" does not exist at ${target.where}.`;
    case "QuotaExceeded":
      return `The bucket "${target.bucket}" is full (its quota is reached).`;
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
      return `The bucket "${target.bucket}" is in another region, or needs the other addressing style (path-style on or off).`;
    case "TimeoutError":
      return `${target.where} did not answer in time.`;
  }
  const sys = err.code ?? err.cause?.code;
  if (sys && NETWORK_CODES.has(sys)) return `Cannot reach ${target.where} (${sys}).`;
  if (target.kind === "local") {
    if (sys === "EACCES" || sys === "EPERM" || sys === "EROFS") return `Haven may not write to ${target.where} (${sys}).`;
    if (sys === "ENOSPC" || sys === "EDQUOT") return `The disk of ${target.where} is full (${sys}).`;
    if (sys === "ENOTDIR") return `${target.where} is not a directory.`;
  }
  const status = err.$metadata?.httpStatusCode;
  if (status === 403) return `The S3 server refused these credentials for bucket "${target.bucket}".`;
  if (status === 404) return `The bucket "${target.bucket}" does not exist at ${target.where}.`;
  return err.message || String(e);
}
