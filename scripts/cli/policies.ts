// Storage policy commands: policy:create, policy:list, policy:assign (issue 11's CLI contract).
import { Option, type Command } from "commander";
import { services } from "@/lib/container";
import { formatSize, parseSize } from "@/lib/domain/size";
import type { PolicyInput, PolicyTarget, PolicyView } from "@/lib/domain/storage-policy";

interface CreateOptions {
  type: "local" | "s3";
  path?: string;
  endpoint?: string;
  bucket?: string;
  region?: string;
  accessKey?: string;
  secretKey?: string;
  pathStyle?: boolean;
  prefix?: string;
  redirect?: boolean;
  maxFileSize?: string;
  extensions?: string;
}

function inputOf(name: string, o: CreateOptions): PolicyInput {
  const limits = {
    maxFileSize: o.maxFileSize !== undefined ? parseSize(o.maxFileSize) : null,
    allowedExtensions: o.extensions !== undefined ? o.extensions.split(",") : null,
  };
  if (o.type === "local") {
    if (!o.path) throw new Error("A local policy needs --path <dir>.");
    return { kind: "local", name, path: o.path, ...limits };
  }
  const missing = (["endpoint", "bucket", "region", "accessKey", "secretKey"] as const).filter((k) => !o[k]);
  if (missing.length > 0) throw new Error(`An s3 policy needs ${missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ")}.`);
  return {
    kind: "s3",
    name,
    endpoint: o.endpoint!,
    bucket: o.bucket!,
    region: o.region!,
    accessKeyId: o.accessKey!,
    secretAccessKey: o.secretKey!,
    pathStyle: o.pathStyle ?? false,
    prefix: o.prefix ?? "",
    redirectDownloads: o.redirect ?? false,
    ...limits,
  };
}

/** Where a policy keeps its bytes, for people: a directory, or endpoint/bucket/prefix (never a credential). */
function locationOf(p: PolicyView): string {
  if (p.s3) return `${p.s3.endpoint.replace(/\/$/, "")}/${p.s3.bucket}/${p.s3.prefix}${p.s3.pathStyle ? " (path-style)" : ""}`;
  return p.local?.path ?? "(data dir)/blobs";
}

export function registerPolicyCommands(program: Command): void {
  program
    .command("policy:create")
    .description("create a storage policy; it is saved only when a test write, read, list and delete succeeds")
    .argument("<name>")
    .addOption(new Option("--type <type>", "local or s3").choices(["local", "s3"]).makeOptionMandatory())
    .option("--path <dir>", "local: the absolute directory for blobs")
    .option("--endpoint <url>", "s3: the endpoint URL, e.g. https://s3.eu-central-1.amazonaws.com")
    .option("--bucket <b>", "s3: the bucket")
    .option("--region <r>", "s3: the region")
    .option("--access-key <k>", "s3: the access key id")
    .option("--secret-key <s>", "s3: the secret key (stored encrypted)")
    .option("--path-style", "s3: path-style addressing (Ceph, MinIO)")
    .option("--prefix <p>", "s3: a key prefix inside the bucket")
    .option("--redirect", "s3: downloads may redirect to short-lived presigned URLs")
    .option("--max-file-size <size>", "largest file accepted, e.g. 2GiB")
    .option("--extensions <list>", "comma-separated file types accepted, e.g. jpg,png")
    .action(async (name: string, opts: CreateOptions) => {
      const policy = await services().storagePolicies.create(null, inputOf(name, opts));
      console.log(`created ${policy.kind} policy "${policy.name}" (id ${policy.id}) at ${locationOf(policy)}`);
    });

  program
    .command("policy:list")
    .description("list storage policies with where they store and what they hold")
    .addOption(new Option("--json", "print JSON"))
    .action(async (opts: { json?: boolean }) => {
      const policies = await services().storagePolicies.list(null);
      if (opts.json) return console.log(JSON.stringify(policies, null, 2));
      for (const p of policies) {
        const use = `${formatSize(p.usage.bytes)} in ${p.usage.blobs} blobs, ${p.usage.spaces} spaces`;
        console.log(`${String(p.id).padStart(4)}  ${p.name.padEnd(20)} ${p.kind.padEnd(5)} ${p.isDefault ? "default" : "       "}  ${use}  ${locationOf(p)}`);
      }
    });

  program
    .command("policy:assign")
    .description("send new writes of a user's or team's space to a policy, or make it the default for new spaces")
    .argument("<policy>", "the policy's name")
    .option("--user <username>", "the user's personal space")
    .option("--team <team>", "the team's space")
    .option("--default", "the default for spaces created from now on")
    .action(async (policyName: string, opts: { user?: string; team?: string; default?: boolean }) => {
      if ([opts.user, opts.team, opts.default].filter((v) => v !== undefined).length !== 1) throw new Error("Give exactly one of --user <username>, --team <team> or --default.");
      const policy = await services().storagePolicies.byName(null, policyName);
      let target: PolicyTarget;
      if (opts.user !== undefined) {
        const user = await services().users.findByUsername(opts.user);
        if (!user) throw new Error(`No user named "${opts.user}".`);
        target = { userId: user.id };
      } else if (opts.team !== undefined) target = { teamId: (await services().teams.byName(null, opts.team)).id };
      else target = { default: true };
      await services().storagePolicies.assign(null, policy.id, target);
      const whom = opts.user !== undefined ? `user ${opts.user}` : opts.team !== undefined ? `team "${opts.team}"` : "new spaces (default)";
      console.log(`policy "${policy.name}" assigned to ${whom}`);
    });
}
