import { defaultOptions, DetailedError, Upload, type PreviousUpload, type UploadOptions } from "tus-js-client";
import type { ConflictPolicy } from "@/lib/client/api-types";
import type { UploadSource } from "@/lib/client/upload/upload-source";

const CHUNK_SIZE = 50 * 1024 * 1024;

export type TusCallbacks = {
  onProgress: (bytesSent: number, bytesTotal: number) => void;
  onSuccess: () => void;
  /** `retryable`: whether trying again by hand could succeed (see `retryableByHand`). */
  onError: (message: string, retryable: boolean) => void;
};

/** What every tus upload here shares: the endpoint, the chunk size, the retry rule and the callbacks. */
export function baseTusOptions(callbacks: TusCallbacks): UploadOptions {
  return {
    endpoint: window.location.origin + "/api/upload/",
    chunkSize: CHUNK_SIZE,
    onShouldRetry: shouldRetry,
    onProgress: callbacks.onProgress,
    onSuccess: () => callbacks.onSuccess(),
    onError: (error) => callbacks.onError(tusErrorMessage(error), retryableByHand(statusOf(error))),
  };
}

/** The tus upload of one file into a folder, with the metadata the server's upload hook expects. */
export function createTusUpload(source: UploadSource, folderId: number, onConflict: ConflictPolicy, callbacks: TusCallbacks): Upload {
  const metadata: Record<string, string> = {
    filename: source.file.name,
    parentId: String(folderId),
    onConflict,
    mtime: String(source.file.lastModified),
  };
  if (source.relativePath.includes("/")) metadata.relativePath = source.relativePath;
  return new Upload(source.file, {
    ...baseTusOptions(callbacks),
    retryDelays: [0, 1000, 3000, 5000, 10000],
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    metadata,
  });
}

/** Retry network drops and transient server errors; a full quota or a refused name won't change by waiting. */
function shouldRetry(error: DetailedError): boolean {
  const status = error.originalResponse?.getStatus() ?? 0;
  if (status === 0 || status === 409 || status === 423 || status === 429) return true;
  return status >= 500 && status !== 507;
}

function statusOf(error: Error | DetailedError): number {
  return error instanceof DetailedError ? (error.originalResponse?.getStatus() ?? 0) : 0;
}

/**
 * Whether the user should be offered to retry a failed upload by hand: after a network drop (0), a server error
 * (5xx, also a full quota the user may free), a conflict, a lock or a rate limit. A refusal (403 forbidden, 400,
 * 404, 413 too large…) answers the same however often it is asked.
 */
export function retryableByHand(status: number): boolean {
  return status === 0 || status >= 500 || status === 408 || status === 409 || status === 423 || status === 429;
}

/**
 * Continues an earlier upload of the same file into the same place (after a reload or a crash),
 * so only the missing bytes are sent.
 */
export async function resumeIfPossible(upload: Upload): Promise<boolean> {
  const previous = await upload.findPreviousUploads().catch(() => [] as PreviousUpload[]);
  const wanted = upload.options.metadata ?? {};
  const match = previous
    .filter((candidate) => samePlace(candidate.metadata, wanted))
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0];
  if (!match) return false;
  upload.resumeFromPreviousUpload(match);
  return true;
}

function samePlace(a: Record<string, string>, b: Record<string, string>) {
  return a.parentId === b.parentId && (a.relativePath ?? "") === (b.relativePath ?? "") && a.filename === b.filename;
}

/** The server's `{ error: { message } }` when there is one, else tus' own message. */
export function tusErrorMessage(error: Error | DetailedError): string {
  if (error instanceof DetailedError && error.originalResponse) {
    try {
      const body = JSON.parse(error.originalResponse.getBody()) as { error?: { message?: string } };
      if (body.error?.message) return body.error.message;
    } catch {
      // Not JSON (e.g. a proxy's HTML error page): fall through to the status line.
    }
    const status = error.originalResponse.getStatus();
    if (status) return `HTTP ${status}`;
  }
  return error.message.replace(/^tus: /, "").split(", originated from")[0];
}

export type InterruptedUpload = PreviousUpload;

/** Uploads left unfinished in this browser (from localStorage), except the ones with these URLs. */
export async function findInterruptedUploads(activeUrls: Set<string>): Promise<InterruptedUpload[]> {
  const all = await defaultOptions.urlStorage.findAllUploads().catch(() => [] as PreviousUpload[]);
  return all.filter((upload) => !upload.uploadUrl || !activeUrls.has(upload.uploadUrl));
}

/**
 * Of these file names, the ones an interrupted upload into the folder `parentId` (at its top level) left in this
 * browser: picking them again continues that upload, with the conflict choice made when it began.
 */
export async function findResumableNames(parentId: number, names: string[]): Promise<string[]> {
  const wanted = new Set(names);
  const all = await defaultOptions.urlStorage.findAllUploads().catch(() => [] as PreviousUpload[]);
  const found = all
    .map((upload) => upload.metadata)
    .filter((metadata) => metadata.parentId === String(parentId) && !metadata.relativePath && wanted.has(metadata.filename));
  return [...new Set(found.map((metadata) => metadata.filename))];
}

/** Drops them locally and on the server, which frees the quota they reserved. */
export async function forgetInterruptedUploads(uploads: InterruptedUpload[]) {
  await Promise.all(
    uploads.map(async (upload) => {
      if (upload.uploadUrl) await Upload.terminate(upload.uploadUrl).catch(() => undefined);
      await defaultOptions.urlStorage.removeUpload(upload.urlStorageKey);
    }),
  );
}
