// Talks to a running Haven as a person would, for scripts/docker-check.sh: health, first-run setup, sign-in
// (next-auth's credentials flow), a tus upload and its download, compared byte for byte.
//   node --import tsx scripts/docker-check.ts http://127.0.0.1:PORT
import { createHash, randomBytes } from "node:crypto";
import { ApiClient } from "../test/helpers/api-client";
import { setupAdmin } from "../test/helpers/haven-server";

const base = process.argv[2]!;
const step = (what: string) => console.log(`docker-check: ${what}`);
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function main() {
  const health = await fetch(`${base}/api/health`);
  if (!health.ok) throw new Error(`/api/health answered ${health.status}`);
  step(`/api/health ${health.status} ${JSON.stringify(await health.json())}`);

  const api = new ApiClient(base, await setupAdmin(base, "admin", "container-check-password-1"));
  step(`first-run setup, then signed in as ${(await api.ok<{ username: string }>("GET", "/api/me")).username}`);

  const root = await api.ok<{ id: number }>("GET", "/api/nodes/root");
  const content = randomBytes(3 * 1024 * 1024 + 7);
  const nodeId = await api.upload(root.id, "container.bin", content);
  step(`uploaded ${content.length} bytes through tus as node ${nodeId}`);

  const download = await fetch(`${base}/api/files/${nodeId}/content`, { headers: { cookie: api.cookie } });
  const back = Buffer.from(await download.arrayBuffer());
  if (!download.ok || sha(back) !== sha(content)) throw new Error(`download answered ${download.status} with ${back.length} bytes, SHA-256 ${sha(back)}`);
  step(`downloaded it back: ${back.length} bytes, SHA-256 ${sha(back)} matches`);
}

main().catch((e: unknown) => {
  console.error(`docker-check: FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
