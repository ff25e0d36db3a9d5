import type { ServerResponse } from "node:http";
import { esc } from "./xml";

/** One <d:propstat>: rendered property elements under one status. */
export interface PropStat {
  status: number;
  props: string[];
  /** why, for a failure (DAV:responsedescription) */
  description?: string;
}

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  412: "Precondition Failed",
  423: "Locked",
  424: "Failed Dependency",
  507: "Insufficient Storage",
};

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}`;
}

const FLUSH_AT = 64 * 1024;

export const MULTISTATUS_HEADERS = { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "no-store", Vary: "Brief, Prefer" };

/**
 * Streams a 207 Multi-Status body: the head goes out with the first flush, responses are buffered up to 64 KiB and
 * written with back-pressure, so a folder of any size is answered in constant memory.
 */
export class MultistatusWriter {
  private buffer = "";
  private started = false;
  private recorded: string[] | null;
  private recordedLength = 0;

  /** With `recordUpTo`, the body written is also kept (see `body()`) while it stays under that many characters. */
  constructor(
    private readonly res: ServerResponse,
    private readonly recordUpTo = 0,
  ) {
    this.recorded = recordUpTo > 0 ? [] : null;
  }

  /** The whole body written, when recording and it stayed under the limit. */
  body(): string | null {
    return this.recorded?.join("") ?? null;
  }

  /** Adds a <d:response> with propstats (PROPFIND, PROPPATCH) or a bare status (COPY/MOVE/DELETE failures). */
  async response(href: string, body: PropStat[] | number): Promise<void> {
    let xml = `<d:response><d:href>${esc(href)}</d:href>`;
    if (typeof body === "number") xml += `<d:status>${statusLine(body)}</d:status>`;
    else {
      for (const ps of body) {
        const why = ps.description !== undefined ? `<d:responsedescription>${esc(ps.description)}</d:responsedescription>` : "";
        xml += `<d:propstat><d:prop>${ps.props.join("")}</d:prop><d:status>${statusLine(ps.status)}</d:status>${why}</d:propstat>`;
      }
    }
    this.buffer += `${xml}</d:response>\n`;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  async end(): Promise<void> {
    this.buffer += "</d:multistatus>\n";
    await this.flush();
    this.res.end();
  }

  private async flush(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.res.writeHead(207, MULTISTATUS_HEADERS);
      this.buffer =
        `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">\n` +
        this.buffer;
    }
    const chunk = this.buffer;
    this.buffer = "";
    if (this.recorded) {
      this.recordedLength += chunk.length;
      if (this.recordedLength > this.recordUpTo) this.recorded = null;
      else this.recorded.push(chunk);
    }
    if (!this.res.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.res.off("drain", done);
          this.res.off("close", closed);
          resolve();
        };
        const closed = () => {
          this.res.off("drain", done);
          reject(new Error("client went away"));
        };
        this.res.once("drain", done);
        this.res.once("close", closed);
      });
    }
  }
}

/** Sends a small complete XML document. */
export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  const body = `<?xml version="1.0" encoding="utf-8"?>\n${xml}`;
  res.writeHead(status, { "Content-Type": "application/xml; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...headers });
  res.end(body);
}
