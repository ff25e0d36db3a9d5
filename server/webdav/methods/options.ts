import type { ServerResponse } from "node:http";
import { ALLOWED_METHODS } from "../router";

// OPTIONS – advertise the WebDAV classes and methods; answered without authentication
export function options(res: ServerResponse): void {
  res.writeHead(200, {
    DAV: "1, 2",
    "MS-Author-Via": "DAV",
    Allow: ALLOWED_METHODS,
    "Accept-Ranges": "bytes",
    "Content-Length": "0",
    "Cache-Control": "no-store",
  });
  res.end();
}
