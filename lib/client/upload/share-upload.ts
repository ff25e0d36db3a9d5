import { Upload } from "tus-js-client";
import { baseTusOptions, type TusCallbacks } from "@/lib/client/upload/tus-upload";

/**
 * A visitor's tus upload through a public link (modes "upload" and "edit"). The server checks the link, the
 * folder, the owner's quota and the link's size limit; a taken name keeps both files.
 */
export function createShareUpload(file: File, token: string, parentId: number | null, callbacks: TusCallbacks): Upload {
  const metadata: Record<string, string> = { shareToken: token, filename: file.name };
  if (parentId !== null) metadata.parentId = String(parentId);
  return new Upload(file, {
    ...baseTusOptions(callbacks),
    retryDelays: [0, 1000, 3000, 5000],
    // A visitor's device may be shared: nothing about the upload is kept in its storage.
    storeFingerprintForResuming: false,
    metadata,
  });
}
