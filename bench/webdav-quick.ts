/**
 * A quick subset of bench/webdav-bench.ts for iterating on the WebDAV hot paths (Haven only, no Apache):
 * sequential 4 KiB PUTs, wrk GET of one of them, and PROPFIND Depth 1 of a seeded folder. Needs a build.
 *   BENCH_DIR=/tmp/x node --import ./scripts/shims/hooks.mjs --import tsx bench/webdav-quick.ts
 * QUICK_PUTS (300), QUICK_FILES (2000), QUICK_WRK_SECONDS (4) size it.
 */
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { BenchHaven, procCpuSeconds } from "./haven";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const PUTS = Number(process.env.QUICK_PUTS ?? 300);
const FILES = Number(process.env.QUICK_FILES ?? 2000);
const WRK_SECONDS = Number(process.env.QUICK_WRK_SECONDS ?? 4);
const BODY = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/><d:getlastmodified/><d:getetag/><d:getcontenttype/></d:prop></d:propfind>';

function request(agent: http.Agent, url: string, auth: string, method: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { authorization: auth, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR!;
  await mkdir(path.join(dir, "haven-data"), { recursive: true });
  const haven = await BenchHaven.start(ROOT, path.join(dir, "haven-data"), await freePort());
  try {
    const cookie = await setupAdmin(haven.url);
    const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
    const { password } = (await created.json()) as { password: string };
    const auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const dav = `${haven.url}/dav`;
    console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    await request(agent, `${dav}/small`, auth, "MKCOL");
    const body = Buffer.alloc(4096, 7);
    const cpu = () => procCpuSeconds(haven.pid) * 1000;
    let c0 = cpu();
    let t0 = performance.now();
    for (let i = 0; i < PUTS; i++) {
      const s = await request(agent, `${dav}/small/s${i}.bin`, auth, "PUT", body);
      if (s !== 201) throw new Error(`PUT ${s}`);
    }
    console.log(`small PUTs: ${(PUTS / ((performance.now() - t0) / 1000)).toFixed(0)} PUT/s, server CPU ${((cpu() - c0) / PUTS).toFixed(2)} ms each`);
    c0 = cpu();
    const { stdout } = await run("wrk", ["-t1", "-c8", `-d${WRK_SECONDS}s`, "-H", `Authorization: ${auth}`, `${dav}/small/s0.bin`], { encoding: "utf8" });
    const total = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 1);
    console.log(`wrk GET: ${/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]} req/s${/Non-2xx/.test(stdout) ? " (ERRORS)" : ""}, server CPU ${((cpu() - c0) / total).toFixed(2)} ms each`);
    await request(agent, `${dav}/many`, auth, "MKCOL");
    const agents = Array.from({ length: 4 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    let next = 0;
    await Promise.all(agents.map(async (a) => { for (let i = next++; i < FILES; i = next++) await request(a, `${dav}/many/f${String(i).padStart(5, "0")}.txt`, auth, "PUT", `file number ${i}\n`); }));
    const times: number[] = [];
    c0 = cpu();
    for (let i = 0; i < 6; i++) {
      t0 = performance.now();
      const s = await request(agent, `${dav}/many/`, auth, "PROPFIND", BODY, { depth: "1", "content-type": "application/xml" });
      if (s !== 207) throw new Error(`PROPFIND ${s}`);
      times.push(performance.now() - t0);
    }
    const sorted = times.slice(1).sort((a, b) => a - b);
    console.log(`PROPFIND Depth 1 of ${FILES}: first ${times[0]!.toFixed(0)} ms, median ${sorted[2]!.toFixed(0)} ms, server CPU ${((cpu() - c0) / 6).toFixed(1)} ms each`);
    c0 = cpu();
    t0 = performance.now();
    for (let i = 0; i < 200; i++) await request(agent, `${dav}/many/f00001.txt`, auth, "PROPFIND", BODY, { depth: "0", "content-type": "application/xml" });
    console.log(`PROPFIND Depth 0: ${((performance.now() - t0) / 200).toFixed(2)} ms each, server CPU ${((cpu() - c0) / 200).toFixed(2)} ms each`);
  } finally {
    await haven.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
