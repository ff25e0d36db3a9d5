import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { HavenProcess } from "./haven-server";
import { throwawayPostgresDatabase } from "./postgres";
import { createTestBucket, S3_TEST, type TestBucket } from "./s3";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Several built Havens on one throwaway PostgreSQL database and one fresh bucket, which the admin CLI made the
 * site's default storage policy before any instance started: what docker-compose.yml runs, without the proxy.
 * Every instance gets the same AUTH_SECRET and HAVEN_SECRET_KEY, as a deployment must.
 */
export class HavenCluster {
  private constructor(
    readonly instances: HavenProcess[],
    readonly bucket: TestBucket,
    readonly db: { url: string; drop: () => Promise<void> },
    readonly env: Record<string, string>,
    /** the CLI's data dir (nothing lives there but what the CLI itself writes: the database is shared) */
    private readonly cliDir: string,
  ) {}

  static async start(count: number, extraEnv: Record<string, string> = {}): Promise<HavenCluster> {
    const db = await throwawayPostgresDatabase();
    const bucket = await createTestBucket("scale-out");
    const env = {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      HAVEN_SECRET_KEY: randomBytes(32).toString("base64url"),
      DATABASE_URL: db.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...extraEnv,
    };
    const cluster = new HavenCluster([], bucket, db, env, await mkdtemp(path.join(os.tmpdir(), "haven-cluster-cli-")));
    await cluster.cli("policy:create", "s3", "--type", "s3", "--endpoint", S3_TEST.endpoint, "--bucket", bucket.bucket, "--region", S3_TEST.region, "--access-key", S3_TEST.accessKeyId, "--secret-key", S3_TEST.secretAccessKey, "--path-style");
    await cluster.cli("policy:assign", "s3", "--default");
    // One after the other: the first applies the migrations (the CLI already did), the rest find them applied.
    for (let i = 0; i < count; i++) {
      const haven = await HavenProcess.create(env);
      cluster.instances.push(haven);
      await haven.start();
    }
    return cluster;
  }

  /** `npm run haven -- …` against the shared database; resolves with its stdout. */
  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], {
      env: { ...process.env, ...this.env, DATA_DIR: this.cliDir },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }

  async destroy(): Promise<void> {
    for (const haven of this.instances) await haven.destroy();
    await this.bucket.cleanup();
    await this.db.drop();
    await rm(this.cliDir, { recursive: true, force: true });
  }
}
