// Talks to a running Haven as a person would, for scripts/docker-check.sh: health, first-run setup, sign-in
// (next-auth credentials flow), a tus upload and its download, compared byte for byte.
//   node scripts/docker-check.mjs http://127.0.0.1:PORT
import { createHash, randomBytes } from "node:crypto";

const base = process.argv[2];
const step = (what) => console.log(`docker-check: ${what}`);
const fail = (what) => {
  console.error(`docker-check: FAILED: ${what}`);
  process.exit(1);
};

const health = await fetch(`${base}/api/health`);
if (!health.ok) fail(`/api/health answered ${health.status}`);
step(`/api/health ${health.status} ${JSON.stringify(await health.json())}`);

const username = "admin";
const password = "container-check-password-1";
const setup = await fetch(`${base}/api/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password, displayName: "Admin" }) });
if (setup.status !== 201) fail(`setup answered ${setup.status} ${await setup.text()}`);
step("first-run setup created the admin");

const jar = new Map();
const keep = (res) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
};
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const csrf = await fetch(`${base}/api/auth/csrf`);
keep(csrf);
const { csrfToken } = await csrf.json();
const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
  body: new URLSearchParams({ csrfToken, username, password, callbackUrl: base }),
  redirect: "manual",
});
keep(signIn);
if (![...jar.keys()].some((k) => k.includes("session-token"))) fail(`sign-in gave no session (${signIn.status} ${signIn.headers.get("location")})`);
const me = await fetch(`${base}/api/me`, { headers: { cookie: cookie() } });
if (!me.ok) fail(`/api/me answered ${me.status}`);
step(`signed in as ${(await me.json()).username}`);

const root = await (await fetch(`${base}/api/nodes/root`, { headers: { cookie: cookie() } })).json();
const content = randomBytes(3 * 1024 * 1024 + 7);
const metadata = `filename ${Buffer.from("container.bin").toString("base64")},parentId ${Buffer.from(String(root.id)).toString("base64")}`;
const upload = await fetch(`${base}/api/upload/`, {
  method: "POST",
  headers: { cookie: cookie(), "Tus-Resumable": "1.0.0", "Upload-Length": String(content.length), "Upload-Metadata": metadata, "Content-Type": "application/offset+octet-stream" },
  body: content,
});
if (upload.status !== 201) fail(`tus upload answered ${upload.status} ${await upload.text()}`);
const nodeId = upload.headers.get("haven-node-id");
step(`uploaded ${content.length} bytes through tus as node ${nodeId}`);

const download = await fetch(`${base}/api/files/${nodeId}/content`, { headers: { cookie: cookie() } });
const back = Buffer.from(await download.arrayBuffer());
const sha = (b) => createHash("sha256").update(b).digest("hex");
if (!download.ok || sha(back) !== sha(content)) fail(`download answered ${download.status} with ${back.length} bytes, SHA-256 ${sha(back)}`);
step(`downloaded it back: ${back.length} bytes, SHA-256 ${sha(back)} matches`);
