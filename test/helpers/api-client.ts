/** A small JSON client for Haven's REST API with a session cookie. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json } = await this.call<T>(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} → ${status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Uploads a small file through tus in one request (creation-with-upload). */
  async upload(parentId: number, name: string, content: Buffer, meta: Record<string, string> = {}): Promise<number> {
    const metadata = Object.entries({ filename: name, parentId: String(parentId), ...meta })
      .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
      .join(",");
    const res = await fetch(`${this.baseUrl}/api/upload/`, {
      method: "POST",
      headers: {
        cookie: this.cookie,
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(content.length),
        "Upload-Metadata": metadata,
        "Content-Type": "application/offset+octet-stream",
      },
      body: new Uint8Array(content),
    });
    if (res.status !== 201) throw new Error(`upload ${name} → ${res.status} ${await res.text()}`);
    return Number(res.headers.get("haven-node-id"));
  }
}
