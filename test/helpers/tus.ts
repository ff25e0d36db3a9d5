import * as tus from "tus-js-client";

/**
 * Uploads `data` with tus-js-client in 5 MiB PATCHes (or resumes `uploadUrl`); with `stopAt`, calls `onStop` once
 * that many bytes were sent (a test kills the server there). Resolves when it succeeds or fails (no retries).
 */
export function uploadUntil(
  data: Buffer,
  opts: { endpoint: string; cookie: string; parentId: number; name?: string; uploadUrl?: string; stopAt?: number; onStop?: () => Promise<void> },
) {
  let firstOffset: number | undefined;
  return new Promise<{ url: string; firstOffset: number | undefined; interrupted: boolean }>((resolve) => {
    const upload = new tus.Upload(data, {
      endpoint: opts.endpoint,
      uploadUrl: opts.uploadUrl,
      chunkSize: 5 * 1024 * 1024,
      retryDelays: [],
      headers: { cookie: opts.cookie },
      metadata: { filename: opts.name ?? "big.bin", parentId: String(opts.parentId) },
      onProgress(sent) {
        firstOffset ??= sent;
        if (opts.stopAt !== undefined && sent >= opts.stopAt && opts.onStop) {
          const stop = opts.onStop;
          opts.onStop = undefined;
          void stop();
        }
      },
      onError: () => resolve({ url: upload.url!, firstOffset, interrupted: true }),
      onSuccess: () => resolve({ url: upload.url!, firstOffset, interrupted: false }),
    });
    upload.start();
  });
}
