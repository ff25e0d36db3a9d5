/** Chunk size the preview-only stream serves per range request (the contract's 1 MiB cap). */
export const CHUNK = 1024 * 1024;

/**
 * The bytes behind a viewer URL, fetched as 1 MiB ranges (a preview-only link refuses anything else),
 * up to `maxBytes`. Resolves with the bytes and the full size; `truncated` when the file is larger.
 */
export async function fetchRanged(url: string, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Uint8Array; total: number; truncated: boolean }> {
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
      // The server ignored the range and sent everything.
      return { bytes: chunk.slice(0, maxBytes), total: chunk.length, truncated: chunk.length > maxBytes };
    }
    const range = /\/(\d+)$/.exec(response.headers.get("Content-Range") ?? "");
    if (range) total = Number(range[1]);
    if (chunk.length === 0) break;
    parts.push(chunk);
    offset += chunk.length;
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, total: Number.isFinite(total) ? total : offset, truncated: Number.isFinite(total) && total > offset };
}
