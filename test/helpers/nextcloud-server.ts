import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { Services } from "@/lib/container";
import { handleNextcloud } from "@/server/nextcloud";
import { handleWebdav } from "@/server/webdav";
import { createHarness, type Provider, type TestHarness } from "./services";

/** The server of a describe block: its services and the URL it listens on, usable once its beforeAll has run. */
export interface InProcessServer {
  readonly services: Services;
  /** "http://127.0.0.1:<port>", no trailing slash */
  readonly base: string;
}

/**
 * The Nextcloud adapters (OCS, login flow, previews) and WebDAV in-process on a fresh harness for the calling describe
 * block, as the custom server chains them (anything neither serves is 404): started in beforeAll, closed in afterAll.
 */
export function useNextcloudServer(provider: Provider): InProcessServer {
  let h: TestHarness | undefined;
  let server: http.Server | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    h = await createHarness(provider);
    const services = h.services;
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://haven.local");
      void (async () => {
        if (!(await handleNextcloud(req, res, url, services)) && !(await handleWebdav(req, res, url, services))) res.writeHead(404).end();
      })();
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useNextcloudServer's server is used before its beforeAll started it");
    return value;
  };
  return {
    get services() {
      return started(h).services;
    },
    get base() {
      return started(base);
    },
  };
}

/** The Basic authorization header of a user made by the factories (makeUser's password). */
export function basicAuth(username: string): string {
  return `Basic ${Buffer.from(`${username}:correct horse battery`).toString("base64")}`;
}
