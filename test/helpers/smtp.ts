import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { SmtpSettings } from "@/lib/mail/mailer";

/** A message as the SMTP server received it, parsed. */
export interface ReceivedMail {
  /** envelope recipients (RCPT TO) */
  to: string[];
  /** "Name <address>" (unquoted) */
  from: string;
  subject: string;
  text: string;
  html: string | null;
  raw: Buffer;
}

async function parse(raw: Buffer, envelopeTo?: string[]): Promise<ReceivedMail> {
  const mail = await simpleParser(raw);
  const headerTo = ([] as AddressObject[]).concat(mail.to ?? []).flatMap((a) => a.value.map((v) => v.address ?? ""));
  return {
    to: envelopeTo ?? headerTo,
    from: mail.from?.value[0] ? `${mail.from.value[0].name ? `${mail.from.value[0].name} ` : ""}<${mail.from.value[0].address ?? ""}>` : "",
    subject: mail.subject ?? "",
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : null,
    raw,
  };
}

/**
 * A real SMTP server (npm smtp-server) on 127.0.0.1 and a free port that keeps every delivered message. Plain SMTP
 * (no STARTTLS); with `auth` it requires AUTH PLAIN/LOGIN with those credentials. With `dir` each message is also
 * written there as <n>.eml, for other processes (Playwright workers) to read with readMailDir().
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly auth: { user: string; pass: string } | null,
  ) {}

  static async start(opts: { auth?: { user: string; pass: string }; dir?: string } = {}): Promise<TestSmtpServer> {
    if (opts.dir) await mkdir(opts.dir, { recursive: true });
    let self: TestSmtpServer | undefined;
    const server = new SMTPServer({
      disabledCommands: opts.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
      authOptional: !opts.auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return callback(null, { user: auth.username });
        callback(new Error("Invalid username or password"));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", callback);
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          parse(raw, to)
            .then(async (mail) => {
              self!.messages.push(mail);
              if (opts.dir) await writeFile(path.join(opts.dir, `${String(self!.messages.length).padStart(5, "0")}.eml`), raw);
              for (const wake of self!.waiters.splice(0)) wake();
              callback();
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.server.address() as AddressInfo).port;
    self = new TestSmtpServer(server, port, opts.auth ?? null);
    return self;
  }

  /** Settings that make Haven deliver here. */
  settings(from = "Haven <haven@test.invalid>"): SmtpSettings {
    return { host: "127.0.0.1", port: this.port, secure: false, user: this.auth?.user ?? null, pass: this.auth?.pass ?? null, from };
  }

  /** The same as HAVEN_SMTP_* environment variables (for a Haven process). */
  env(from = "Haven <haven@test.invalid>"): Record<string, string> {
    return {
      HAVEN_SMTP_HOST: "127.0.0.1",
      HAVEN_SMTP_PORT: String(this.port),
      HAVEN_MAIL_FROM: from,
      ...(this.auth ? { HAVEN_SMTP_USER: this.auth.user, HAVEN_SMTP_PASS: this.auth.pass } : {}),
    };
  }

  /** The first delivered message matching `match` (waiting for it up to `timeoutMs`). */
  async waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms (${this.messages.length} received)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function mailFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".eml")).sort();
}

/** How many messages a TestSmtpServer's `dir` holds (pass it as `after` to wait for a newer one). */
export async function mailCount(dir: string): Promise<number> {
  return (await mailFiles(dir)).length;
}

/**
 * The first message in a TestSmtpServer's `dir` that matches, among those after the first `after` ones, polling until
 * `timeoutMs`.
 */
export async function readMailDir(dir: string, match: (mail: ReceivedMail) => boolean, opts: { after?: number; timeoutMs?: number } = {}): Promise<ReceivedMail> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await mailFiles(dir)).slice(opts.after ?? 0);
    for (const name of names) {
      const mail = await parse(await readFile(path.join(dir, name)));
      if (match(mail)) return mail;
    }
    if (Date.now() > deadline) throw new Error(`no matching mail in ${dir} within ${timeoutMs} ms (${names.length} new there)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first http(s) URL in a text that contains `fragment`. */
export function linkIn(text: string, fragment: string): string {
  const url = text.match(/https?:\/\/[^\s<>"]+/g)?.find((u) => u.includes(fragment));
  if (!url) throw new Error(`no link with "${fragment}" in:\n${text}`);
  return url;
}
