import { apiFetch, toApiError } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { contentUrl } from "@/lib/client/drive-api";
import { decodeText } from "@/lib/client/decode-text";

/** A text file as the editor loaded it: its text and the ETag the next save must name. */
export type LoadedText = { text: string; etag: string; encoding: string };

/** Loads a file's current content for editing (the whole file; the editor is for text files). */
export async function loadText(id: number): Promise<LoadedText> {
  const response = await fetch(contentUrl(id), { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw await toApiError(response);
  const etag = response.headers.get("ETag") ?? "";
  const { text, encoding } = await decodeText(new Uint8Array(await response.arrayBuffer()));
  return { text, etag, encoding };
}

/**
 * Saves text as the file's new version. With `etag`, only while the file still has it: a save that someone else's
 * beat is refused with ApiError status 412. Resolves with the node and the ETag to name next time.
 */
export async function saveText(id: number, text: string, etag: string | null): Promise<{ node: NodeView; etag: string }> {
  const response = await fetch(`/api/nodes/${id}/content`, {
    method: "PUT",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "text/plain; charset=utf-8", ...(etag ? { "If-Match": etag } : {}) },
    body: text,
  });
  if (!response.ok) throw await toApiError(response);
  const node = (await response.json()) as NodeView;
  return { node, etag: `"${node.etag}"` };
}

/** A new text file in a folder; `rename` takes the next free "name (n)" instead of refusing a taken name. */
export function createTextFile(folderId: number, name: string, content = "", rename = false) {
  return apiFetch<NodeView>(`/api/nodes/${folderId}/files`, { method: "POST", json: { name, content, rename } });
}

/** The extensions the site's office server opens (empty without one). */
export function officeExtensions() {
  return apiFetch<{ extensions: string[] }>("/api/office");
}

export function getOfficeSettings() {
  return apiFetch<{ discoveryUrl: string | null }>("/api/admin/settings/office");
}

export function saveOfficeSettings(discoveryUrl: string | null) {
  return apiFetch<{ discoveryUrl: string | null }>("/api/admin/settings/office", { method: "PUT", json: { discoveryUrl } });
}
