/**
 * HTTP preconditions (RFC 9110 §13): If-Match, If-None-Match, If-Unmodified-Since and If-Modified-Since, evaluated
 * in the RFC's order against the resource's current state (null when nothing is at the URL).
 */

export interface ConditionalHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifUnmodifiedSince?: string;
  ifModifiedSince?: string;
}

export interface ResourceState {
  /** the quoted entity tag, e.g. "abc" */
  etag: string;
  lastModified: Date;
}

export type PreconditionOutcome =
  | { ok: true }
  /** 412 for a failed condition; 304 when GET or HEAD would send what the client already has */
  | { ok: false; status: 304 | 412; header: "If-Match" | "If-None-Match" | "If-Unmodified-Since" | "If-Modified-Since" };

export function evaluatePreconditions(method: string, headers: ConditionalHeaders, current: ResourceState | null): PreconditionOutcome {
  const read = method === "GET" || method === "HEAD";
  if (headers.ifMatch !== undefined) {
    if (!current || !listMatches(headers.ifMatch, current.etag, true)) return { ok: false, status: 412, header: "If-Match" };
  } else if (headers.ifUnmodifiedSince !== undefined && current) {
    const since = httpDate(headers.ifUnmodifiedSince);
    if (since !== null && seconds(current.lastModified) > since) return { ok: false, status: 412, header: "If-Unmodified-Since" };
  }
  if (headers.ifNoneMatch !== undefined) {
    if (current && listMatches(headers.ifNoneMatch, current.etag, false)) return { ok: false, status: read ? 304 : 412, header: "If-None-Match" };
  } else if (read && headers.ifModifiedSince !== undefined && current) {
    const since = httpDate(headers.ifModifiedSince);
    if (since !== null && seconds(current.lastModified) <= since) return { ok: false, status: 304, header: "If-Modified-Since" };
  }
  return { ok: true };
}

/** "*" matches any current representation; otherwise a list of entity tags, compared strongly or weakly. */
function listMatches(value: string, etag: string, strong: boolean): boolean {
  if (value.trim() === "*") return true;
  const tags: string[] = value.match(/(?:W\/)?"[^"]*"/g) ?? [];
  if (strong) return !etag.startsWith("W/") && tags.includes(etag);
  const opaque = etag.replace(/^W\//, "");
  return tags.some((t) => t.replace(/^W\//, "") === opaque);
}

/** An HTTP-date in milliseconds, or null when unparsable (the condition is then ignored, RFC 9110 §13.1.3-4). */
function httpDate(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Last-Modified is sent with whole seconds; compare at that precision. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}
