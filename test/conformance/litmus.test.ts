import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { providers, throwawayPostgresDatabase } from "../helpers/services";
import { requireTool } from "../helpers/tools";

const run = promisify(execFile);

const installed = requireTool("litmus");

const SUITES = ["basic", "copymove", "props", "locks", "http"];
const PROVIDERS = installed ? await providers() : [];

describe.skipIf(!installed).each(PROVIDERS.length > 0 ? PROVIDERS : ["sqlite"])("litmus (RFC 4918 conformance) against the built server on %s", (provider) => {
  let haven: HavenProcess;
  let cwd: string;
  let output = "";
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let env: Record<string, string> = {};
    if (provider === "postgres") {
      const db = await throwawayPostgresDatabase();
      dropDatabase = db.drop;
      env = { DATABASE_URL: db.url };
    }
    haven = await HavenProcess.create(env);
    await haven.start();
    await setupAdmin(haven.url, "admin", "admin-password-1");
    cwd = await mkdtemp(path.join(os.tmpdir(), "haven-litmus-"));
    const result = await run("litmus", [`${haven.url}/dav/`, "admin", "admin-password-1"], { cwd, env: { ...process.env, TESTS: SUITES.join(" ") }, timeout: 240_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
    );
    output = `${result.stdout}${result.stderr}`;
    console.log(output.split("\n").filter((l) => l.startsWith("<- summary")).join("\n"));
  });
  afterAll(async () => {
    await haven?.destroy();
    await dropDatabase?.();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  for (const suite of SUITES) {
    it(`passes every test of the ${suite} suite with no warnings`, () => {
      const summary = new RegExp(`<- summary for \`${suite}': of (\\d+) tests run: (\\d+) passed, (\\d+) failed\\.`).exec(output);
      expect(summary, output).not.toBeNull();
      expect(Number(summary![3]), output).toBe(0);
      expect(Number(summary![2])).toBe(Number(summary![1]));
      const section = output.slice(output.indexOf(`-> running \`${suite}'`), summary!.index);
      expect(section).not.toMatch(/WARNING|FAIL/);
    });
  }
});
