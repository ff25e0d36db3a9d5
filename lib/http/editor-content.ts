import { DomainError } from "@/lib/domain/errors";

/** The most the browser's editor sends in one save (it edits text files, not media). */
export const MAX_EDITOR_BYTES = 10 * 1024 * 1024;

/**
 * The node ETag named by an If-Match header (`"abc"`, as the content URL hands it out), or undefined without one.
 * A list or `*` is not what an editor sends: INVALID_INPUT.
 */
export function strongEtag(header: string | null): string | undefined {
  if (header === null || header.trim() === "") return undefined;
  const match = /^"([^"]+)"$/.exec(header.trim());
  if (!match) throw new DomainError("INVALID_INPUT", 'If-Match must be one ETag in quotes, as the file was served with.');
  return match[1];
}
