import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { freePort } from "../test/helpers/haven-server";
import { TestSmtpServer } from "../test/helpers/smtp";
import { ROOT, serverStatePath, type ServerState } from "./server-state";

/**
 * Starts the built Haven (`node dist/server.mjs`, production) on a fresh temp data dir and a free port,
 * waits for /api/health, and hands the URL to the workers through HAVEN_E2E_URL.
 */
export default async function globalSetup(_config: FullConfig): Promise<void> {
  const entry = path.join(ROOT, "dist/server.mjs");
  if (!existsSync(entry) || !existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    throw new Error("dist/server.mjs or .next/ is missing: run `bash scripts/build.sh` (npm test builds first)");
  }

  const workDir = await mkdtemp(path.join(os.tmpdir(), "haven-e2e-"));
  const dataDir = path.join(workDir, "data");
  await mkdir(dataDir);
  const port = await freePort();
  const url = `http://localhost:${port}`;

  const logPath = path.join(ROOT, "test-results", "haven-server.log");
  await mkdir(path.dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath);
  const output: string[] = [];

  // A real SMTP server that Haven mails through; the messages land in mailDir for the specs to read.
  const mailDir = path.join(workDir, "mail");
  const smtp = await TestSmtpServer.start({ dir: mailDir });
  (globalThis as { havenE2eSmtp?: TestSmtpServer }).havenE2eSmtp = smtp;

  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      AUTH_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      ...smtp.env("Haven <haven@e2e.test>"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      log.write(chunk);
      if (output.length < 400) output.push(chunk.toString());
    });
  }

  const state: ServerState = { pid: child.pid!, workDir, dataDir, url, port, logPath };
  await writeFile(serverStatePath(), JSON.stringify(state, null, 2));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haven exited early (code ${child.exitCode}):\n${output.join("")}`);
    const healthy = await fetch(`${url}/api/health`).then((res) => res.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`haven did not become healthy within 60 s:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  process.env.HAVEN_E2E_URL = url;
  process.env.HAVEN_E2E_DIR = workDir;
  process.env.HAVEN_E2E_MAILDIR = mailDir;
}
