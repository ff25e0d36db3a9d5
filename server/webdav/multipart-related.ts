import { DomainError } from "@/lib/domain/errors";

/** One part of a bulk upload: its headers (lower-case names) and its bytes. */
export interface RelatedPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary of a `multipart/related` Content-Type; INVALID_INPUT for anything else. */
export function boundaryOf(contentType: string | undefined): string {
  const m = /^\s*multipart\/related\s*;(.*)$/i.exec(contentType ?? "");
  const b = m ? /(?:^|;)\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;"]{1,200}))/i.exec(m[1]!) : null;
  if (!b) throw new DomainError("INVALID_INPUT", "A bulk upload is multipart/related with a boundary.");
  return b[1] ?? b[2]!;
}

/**
 * Parses a whole `multipart/related` body (RFC 2387 over RFC 2046 framing) as Nextcloud's bulk upload sends it. A
 * part's bytes are its Content-Length when given (the desktop client always sends it, and binary content may hold
 * anything), else up to the next delimiter. Throws INVALID_INPUT on broken framing; checking each part's headers is
 * the caller's.
 */
export function parseMultipartRelated(body: Buffer, boundary: string): RelatedPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const bad = (why: string) => new DomainError("INVALID_INPUT", `The bulk upload body is malformed: ${why}.`);
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw bad("no boundary");
  const parts: RelatedPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === "--") return parts;
    pos = skipLineEnd(body, pos);
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd === -1) throw bad("a part without the blank line after its headers");
    const headers: Record<string, string> = {};
    for (const line of body.subarray(pos, headerEnd).toString("utf8").split("\r\n")) {
      if (line === "") continue;
      const colon = line.indexOf(":");
      if (colon <= 0) throw bad(`a header line without a name ("${line.slice(0, 40)}")`);
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = headerEnd + 4;
    let end: number;
    const declared = headers["content-length"];
    if (declared !== undefined) {
      if (!/^\d{1,16}$/.test(declared)) throw bad("a part whose Content-Length is not a byte count");
      end = start + Number(declared);
      if (end > body.length) throw bad("a part shorter than its Content-Length");
      const next = body.indexOf(delimiter, end);
      if (next === -1 || body.subarray(end, next).toString().trim() !== "") throw bad("a part longer than its Content-Length");
      parts.push({ headers, body: body.subarray(start, end) });
      pos = next;
    } else {
      const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), start);
      if (next === -1) throw bad("a part without a closing boundary");
      end = next;
      parts.push({ headers, body: body.subarray(start, end) });
      pos = next + 2;
    }
  }
}

function skipLineEnd(body: Buffer, pos: number): number {
  while (pos < body.length && (body[pos] === 0x20 || body[pos] === 0x09)) pos++;
  if (body[pos] === 0x0d && body[pos + 1] === 0x0a) return pos + 2;
  if (body[pos] === 0x0a) return pos + 1;
  throw new DomainError("INVALID_INPUT", "The bulk upload body is malformed: no line break after a boundary.");
}
