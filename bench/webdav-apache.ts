import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";

const MODULES = "/usr/lib/apache2/modules";

/**
 * Debian's Apache httpd with mod_dav_fs (DavLockDB, Basic auth) as the WebDAV reference: its own ServerRoot and
 * config under `dir`, on 127.0.0.1:`port`, never the system instance. The DAV tree is `davRoot` (served at /dav/).
 */
export class BenchApache {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly davRoot: string,
  ) {}

  static async start(dir: string, port: number, user: { username: string; password: string }): Promise<BenchApache> {
    const docRoot = path.join(dir, "htdocs");
    const davRoot = path.join(docRoot, "dav");
    await mkdir(path.join(dir, "logs"), { recursive: true });
    await mkdir(path.join(dir, "lock"), { recursive: true });
    await mkdir(davRoot, { recursive: true });
    // {SHA} hashes: Apache checks Basic credentials on every request, so a cheap hash keeps auth out of the figures.
    const sha = createHash("sha1").update(user.password).digest("base64");
    await writeFile(path.join(dir, "htpasswd"), `${user.username}:{SHA}${sha}\n`);
    // Started as root, httpd serves as www-data: it must own what it writes.
    const runAs = userInfo().uid === 0 ? "www-data" : null;
    const conf = `
ServerRoot "${dir}"
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile "${dir}/httpd.pid"
ErrorLog "${dir}/logs/error.log"
LogLevel warn
${runAs ? `User ${runAs}\nGroup ${runAs}` : ""}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authn_core_module ${MODULES}/mod_authn_core.so
LoadModule authn_file_module ${MODULES}/mod_authn_file.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule authz_user_module ${MODULES}/mod_authz_user.so
LoadModule auth_basic_module ${MODULES}/mod_auth_basic.so
LoadModule mime_module ${MODULES}/mod_mime.so
LoadModule dav_module ${MODULES}/mod_dav.so
LoadModule dav_fs_module ${MODULES}/mod_dav_fs.so
TypesConfig /etc/mime.types
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
Timeout 600
LimitRequestBody 0
DavLockDB "${dir}/lock/DavLock"
DocumentRoot "${docRoot}"
<Directory "${davRoot}">
  Dav On
  AuthType Basic
  AuthName "bench"
  AuthUserFile "${dir}/htpasswd"
  Require valid-user
  Options None
  AllowOverride None
</Directory>
`;
    const confPath = path.join(dir, "httpd.conf");
    await writeFile(confPath, conf);
    if (runAs) {
      const { uid, gid } = idOf(runAs);
      for (const p of [dir, docRoot, davRoot, path.join(dir, "lock"), path.join(dir, "logs")]) chownSync(p, uid, gid);
    }
    const child = spawn("/usr/sbin/apache2", ["-f", confPath, "-DFOREGROUND"], { stdio: ["ignore", "inherit", "inherit"] });
    process.once("exit", () => child.kill("SIGKILL"));
    const url = `http://127.0.0.1:${port}`;
    const log = path.join(dir, "logs/error.log");
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`apache2 exited early (${child.exitCode}): ${existsSync(log) ? await readFile(log, "utf8") : ""}`);
      if (await fetch(`${url}/dav/`, { method: "OPTIONS" }).then(() => true, () => false)) return new BenchApache(child, url, davRoot);
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGKILL");
    throw new Error("apache2 did not start");
  }

  /** Hands files created by the bench in the DAV tree over to the serving user. */
  chownTree(): void {
    if (userInfo().uid === 0) spawnSync("chown", ["-R", "www-data:www-data", this.davRoot]);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}

function idOf(user: string): { uid: number; gid: number } {
  const uid = Number(spawnSync("id", ["-u", user], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", user], { encoding: "utf8" }).stdout.trim());
  return { uid, gid };
}
