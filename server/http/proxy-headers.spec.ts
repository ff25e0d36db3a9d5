import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { applyProxyTrust } from "./proxy-headers";

function request(rawHeaders: string[]): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, "remoteAddress", { value: "203.0.113.9" });
  const req = new IncomingMessage(socket);
  req.rawHeaders = rawHeaders;
  // What Node's parser makes of them (a synthetic message does not parse).
  req.headers = {};
  for (let i = 0; i < rawHeaders.length; i += 2) req.headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
  return req;
}

const sent = ["Host", "haven.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https", "X-Forwarded-For", "10.0.0.1, 198.51.100.4", "X-Haven-Client-Ip", "1.2.3.4"];

describe("applyProxyTrust", () => {
  it("without a trusted proxy, drops the proxy headers and any client-sent address, in headers and rawHeaders", () => {
    const req = request([...sent]);
    applyProxyTrust(req, false);
    expect(req.headers["x-forwarded-host"]).toBeUndefined();
    expect(req.headers["x-forwarded-proto"]).toBeUndefined();
    expect(req.headers["x-forwarded-for"]).toBeUndefined();
    expect(req.headers["x-haven-client-ip"]).toBe("203.0.113.9");
    expect(req.headers.host).toBe("haven.example");
    expect(req.rawHeaders).toEqual(["Host", "haven.example", "x-haven-client-ip", "203.0.113.9"]);
  });

  it("behind a trusted proxy, keeps its headers and takes the address it appended", () => {
    const req = request([...sent]);
    applyProxyTrust(req, true);
    expect(req.headers["x-forwarded-host"]).toBe("evil.example");
    expect(req.headers["x-haven-client-ip"]).toBe("198.51.100.4");
    expect(req.rawHeaders.filter((h) => h.toLowerCase() === "x-haven-client-ip")).toHaveLength(1);
    expect(req.rawHeaders.at(-1)).toBe("198.51.100.4");
  });
});
