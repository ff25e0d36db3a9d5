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
      if (!(await listed(driver, key))) throw new Error("The probe was written but is not listed.");
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

/**
 * Whether the driver lists the key: through `list(prefix)` (a LIST request on S3; the consistency check's method, on
 * the migrate branch) where the driver has it, else by asking for the key itself.
 */
async function listed(driver: StorageDriver, key: string): Promise<boolean> {
  const lister = driver as { list?: (prefix?: string) => AsyncIterable<{ key: string }> };
  if (typeof lister.list !== "function") return (await driver.stat(key)) !== null;
  for await (const blob of lister.list(key)) if (blob.key === key) return true;
  return false;
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

/**
 * Plain words for what went wrong: the S3 driver already says it (lib/storage/s3-errors: credentials, missing bucket,
 * unreachable endpoint, full bucket), so this adds the timeout and the local disk's errors.
 */
export function describeStorageError(e: unknown, target: ProbeTarget, timeoutMs = PROBE_STEP_TIMEOUT_MS): string {
  if (e instanceof ProbeTimeout) return `${target.where} did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`;
  const err = (e ?? {}) as { code?: string; message?: string };
  if (target.kind === "local") {
    if (err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS") return `Haven may not write to ${target.where} (${err.code}).`;
    if (err.code === "ENOSPC" || err.code === "EDQUOT") return `The disk of ${target.where} is full (${err.code}).`;
    if (err.code === "ENOTDIR") return `${target.where} is not a directory (or is below a file).`;
  }
  return err.message || String(e);
}
