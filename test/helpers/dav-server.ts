import { afterAll, beforeAll } from "vitest";
import { startDav } from "../webdav/dav-client";

type Started = Awaited<ReturnType<typeof startDav>>;

/** `name` of the started server, forwarding every member; it throws when used before the server started. */
function late<K extends "haven" | "dav" | "api">(current: () => Started | undefined, name: K): Started[K] {
  return new Proxy({} as Started[K], {
    get(_, prop) {
      const target = current()?.[name];
      if (!target) throw new Error(`${name} is used before useDavServer's beforeAll started the server`);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The WebDAV test bootstrap: a fresh built server (dist/server.mjs) with an admin for the calling describe block,
 * started in beforeAll and destroyed in afterAll. `haven`, `dav` (Basic auth as the admin) and `api` (the admin's
 * session) are usable in later hooks and tests; a block's own seeding goes in a beforeAll after this call.
 */
export function useDavServer(env: Record<string, string> = {}): Pick<Started, "haven" | "dav" | "api"> {
  let started: Started | undefined;
  beforeAll(async () => {
    started = await startDav(env);
  });
  afterAll(async () => started?.haven.destroy());
  const current = () => started;
  return { haven: late(current, "haven"), dav: late(current, "dav"), api: late(current, "api") };
}
