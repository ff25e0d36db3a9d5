import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";

export const ADMIN = { username: "admin", password: "admin-password-1" };

export interface DavResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Raw WebDAV requests (any method) with Basic auth against a built Haven. */
export class DavClient {
  constructor(
    readonly baseUrl: string,
    private readonly auth: { username: string; password: string } | null = ADMIN,
  ) {}

  as(username: string, password: string): DavClient {
    return new DavClient(this.baseUrl, { username, password });
  }

  anonymous(): DavClient {
    return new DavClient(this.baseUrl, null);
  }

  async req(method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer | Uint8Array } = {}): Promise<DavResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.auth) headers.authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString("base64")}`;
    const body = typeof opts.body === "string" ? opts.body : opts.body ? new Uint8Array(opts.body) : undefined;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: "manual" });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  put(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return this.req("PUT", path, { body, headers });
  }

  /** A PUT whose body is sent chunked, its size not declared (no Content-Length). */
  async putUndeclared(path: string, body: Buffer): Promise<DavResponse> {
    const headers: Record<string, string> = {};
    if (this.auth) headers.authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString("base64")}`;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(body));
        controller.close();
      },
    });
    const res = await fetch(`${this.baseUrl}${path}`, { method: "PUT", headers, body: stream, duplex: "half", redirect: "manual" } as RequestInit);
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  mkcol(path: string) {
    return this.req("MKCOL", path);
  }

  propfind(path: string, depth: "0" | "1" | "infinity", body = "", headers: Record<string, string> = {}) {
    return this.req("PROPFIND", path, { headers: { depth, "content-type": "application/xml", ...headers }, body });
  }

  /** The locktoken of a LOCK answer. */
  static token(res: DavResponse): string {
    const header = res.headers.get("lock-token") ?? "";
    return header.replace(/^<|>$/g, "");
  }
}

/** A fresh server with an admin; `url` is the base for absolute Destination headers. */
export async function startDav(env: Record<string, string> = {}): Promise<{ haven: HavenProcess; dav: DavClient; api: ApiClient; url: string; cookie: string }> {
  const haven = await HavenProcess.create(env);
  await haven.start();
  const cookie = await setupAdmin(haven.url, ADMIN.username, ADMIN.password);
  return { haven, dav: new DavClient(haven.url), api: new ApiClient(haven.url, cookie), url: haven.url, cookie };
}

export const LOCK_BODY = (scope: "exclusive" | "shared" = "exclusive", owner = "<d:href>mailto:tester@example.com</d:href>") =>
  `<?xml version="1.0" encoding="utf-8"?><d:lockinfo xmlns:d="DAV:"><d:lockscope><d:${scope}/></d:lockscope><d:locktype><d:write/></d:locktype><d:owner>${owner}</d:owner></d:lockinfo>`;

/** The <d:href>s of a multistatus, decoded. */
export function hrefs(xml: string): string[] {
  return [...xml.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => decodeURIComponent(m[1]!));
}

/** The responses of a multistatus, by href. */
export function responses(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<d:response><d:href>([^<]*)<\/d:href>([\s\S]*?)<\/d:response>/g)) out.set(decodeURIComponent(m[1]!), m[2]!);
  return out;
}
