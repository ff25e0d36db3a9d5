import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utcDay } from "@/lib/domain/day";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";

/**
 * Downloads are counted in memory (DailyCounters) and written every few seconds; a graceful stop (SIGTERM) writes
 * what is pending before the server exits, so the admin charts lose nothing. Runs the built server on SQLite.
 */
describe("day counters across a graceful stop of the built server", () => {
  let haven: HavenProcess;
  let auth: string;
  beforeAll(async () => {
    haven = await HavenProcess.create({ DATABASE_URL: "" });
    await haven.start();
    const api = new ApiClient(haven.url, await setupAdmin(haven.url));
    const { password } = await api.ok<{ password: string }>("POST", "/api/me/app-passwords", { name: "counter test" });
    auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
  });
  afterAll(async () => haven?.destroy());

  const stored = (): { downloads: number; downloadBytes: number } | undefined => {
    const db = new Database(path.join(haven.dataDir, "haven.db"), { readonly: true });
    try {
      return db.prepare(`SELECT "downloads", "downloadBytes" FROM "DailyStat" WHERE "day" = ?`).get(utcDay(new Date())) as { downloads: number; downloadBytes: number } | undefined;
    } finally {
      db.close();
    }
  };

  it("writes the downloads counted in memory when it is stopped with SIGTERM", async () => {
    expect((await fetch(`${haven.url}/dav/counted.txt`, { method: "PUT", headers: { authorization: auth }, body: "twelve bytes" })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${haven.url}/dav/counted.txt`, { headers: { authorization: auth } });
      expect(await res.text()).toBe("twelve bytes");
    }
    const before = stored()?.downloads ?? 0;
    await haven.stop();
    expect(haven.output.join("")).toContain("shutting down");
    expect(stored(), `${before} of 3 were written before the stop`).toMatchObject({ downloads: 3, downloadBytes: 36 });
  });
});
