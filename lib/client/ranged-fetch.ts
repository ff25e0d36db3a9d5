/** Chunk size the preview-only stream serves per range request (the contract's 1 MiB cap). */
export const CHUNK = 1024 * 1024;

/**
 * The bytes behind a viewer URL, fetched as 1 MiB ranges (a preview-only link refuses anything else),
 * up to `maxBytes`. Resolves with the bytes and the full size; `truncated` when the file is larger.
 */
export async function fetchRanged(url: string, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Uint8Array; total: number; truncated: boolean }> {
  // Filled in place once the first answer gives the size; `parts` only when the server never says it.
  let bytes: Uint8Array | null = null;
  const parts: Uint8Array[] = [];
  let offset = 0;
  let total = Infinity;
  while (offset < total && offset < maxBytes) {
    const end = Math.min(offset + CHUNK, maxBytes) - 1;
    const response = await fetch(url, { headers: { Range: `bytes=${offset}-${end}` }, credentials: "same-origin", signal });
    if (response.status === 416) break;
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const chunk = new Uint8Array(await response.arrayBuffer());
    if (response.status === 200) {
      // The server ignored the range and sent everything. Only a cut copies (so the rest can be freed).
      const truncated = chunk.length > maxBytes;
      return { bytes: truncated ? chunk.slice(0, maxBytes) : chunk, total: chunk.length, truncated };
    }
    const range = /\/(\d+)$/.exec(response.headers.get("Content-Range") ?? "");
    if (range) total = Number(range[1]);
    if (chunk.length === 0) break;
    if (offset === 0 && Number.isFinite(total)) bytes = new Uint8Array(Math.min(total, maxBytes));
    if (bytes) {
      const fits = chunk.subarray(0, bytes.length - offset);
      bytes.set(fits, offset);
      offset += fits.length;
    } else {
      parts.push(chunk);
      offset += chunk.length;
    }
  }
  return { bytes: bytes ? bytes.subarray(0, offset) : concat(parts, offset), total: Number.isFinite(total) ? total : offset, truncated: Number.isFinite(total) && total > offset };
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
