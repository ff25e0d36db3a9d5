"use client";

import { useState, type ReactNode } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { PolicyProbe } from "@/components/admin/policy-probe";
import { Check } from "@/components/admin/site-settings-form";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import { testPolicy, type PolicyInput, type PolicyView, type ProbeResult } from "@/lib/client/storage-api";
import { parseSize } from "@/lib/domain/size";
import { useT } from "@/lib/i18n/provider";

type Kind = "local" | "s3";

interface Fields {
  kind: Kind;
  name: string;
  path: string;
  endpoint: string;
  bucket: string;
  region: string;
  prefix: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  redirectDownloads: boolean;
  maxFileSize: string;
  extensions: string;
}

/** A size the way it was set (2GiB, 500MiB), so saving again does not round it. */
function exactSize(bytes: number | null): string {
  if (bytes === null) return "";
  for (const [unit, n] of [["TiB", 1024 ** 4], ["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return String(bytes);
}

function fieldsOf(policy: PolicyView | null): Fields {
  return {
    kind: policy?.kind ?? "local",
    name: policy?.name ?? "",
    path: policy?.local?.path ?? "",
    endpoint: policy?.s3?.endpoint ?? "",
    bucket: policy?.s3?.bucket ?? "",
    region: policy?.s3?.region ?? "us-east-1",
    prefix: policy?.s3?.prefix ?? "",
    pathStyle: policy?.s3?.pathStyle ?? false,
    accessKeyId: policy?.s3?.accessKeyId ?? "",
    secretAccessKey: "",
    redirectDownloads: policy?.s3?.redirectDownloads ?? false,
    maxFileSize: exactSize(policy?.maxFileSize ?? null),
    extensions: policy?.allowedExtensions?.join(", ") ?? "",
  };
}

/** The settings part of the form, as the API takes them (the secret only when typed: empty keeps the saved one). */
function settingsOf(f: Fields) {
  if (f.kind === "local") return { kind: "local" as const, ...(f.path.trim() ? { path: f.path.trim() } : {}) };
  return {
    kind: "s3" as const,
    endpoint: f.endpoint.trim(),
    bucket: f.bucket.trim(),
    region: f.region.trim(),
    prefix: f.prefix.trim(),
    pathStyle: f.pathStyle,
    accessKeyId: f.accessKeyId.trim(),
    ...(f.secretAccessKey ? { secretAccessKey: f.secretAccessKey } : {}),
    redirectDownloads: f.redirectDownloads,
  };
}

/**
 * Creates or edits a storage policy: local directory or S3 settings, limits, and a connection test of the settings
 * as typed. The server tests them again on save and saves nothing when that fails.
 */
export function PolicyDialog({ policy, onSave, onClose }: { policy: PolicyView | null; onSave: (input: PolicyInput) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [f, setF] = useState<Fields>(() => fieldsOf(policy));
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<string | null>(null);
  const set = <K extends keyof Fields>(key: K) => (value: Fields[K]) => (setF((old) => ({ ...old, [key]: value })), setProbe(null));
  const text = (key: keyof Fields, label: string, testId: string, extra: { hint?: ReactNode; type?: string; placeholder?: string; labelNote?: string } = {}) => (
    <TextField label={label} value={f[key] as string} onChange={(e) => set(key)(e.target.value)} data-testid={testId} autoComplete="off" {...extra} />
  );

  const maxFileSize = (): number | null | undefined => {
    if (!f.maxFileSize.trim()) return null;
    try {
      return parseSize(f.maxFileSize) ?? null;
    } catch {
      return undefined;
    }
  };
  const runTest = async () => {
    setTesting(true);
    setTestError(null);
    setProbe(null);
    try {
      setProbe(await testPolicy({ id: policy?.id, settings: settingsOf(f) }));
    } catch (caught) {
      setTestError(errorMessage(caught, t("common.unknownError")));
    } finally {
      setTesting(false);
    }
  };

  return (
    <FormDialog
      size="lg"
      title={policy ? t("storage.editTitle", { name: policy.name }) : t("storage.createTitle")}
      testId="policy-dialog"
      submitLabel={policy ? t("common.save") : t("common.create")}
      submitTestId="policy-save"
      validate={() => (maxFileSize() === undefined ? t("storage.sizeInvalid") : null)}
      onSubmit={() =>
        onSave({
          ...settingsOf(f),
          name: f.name.trim(),
          maxFileSize: maxFileSize() ?? null,
          allowedExtensions: f.extensions.split(/[\s,]+/).filter(Boolean),
        } as PolicyInput)
      }
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-4">
          <FormAlert message={error} />
          {!policy && (
            <fieldset className="flex flex-wrap gap-2" data-testid="policy-kind">
              <legend className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("storage.kind")}</legend>
              {(["local", "s3"] as const).map((k) => (
                <label key={k} className="flex items-center gap-2 rounded-lg border border-zinc-300 px-3 py-2 text-sm has-checked:border-brand-500 dark:border-zinc-700">
                  <input type="radio" name="policy-kind" value={k} checked={f.kind === k} onChange={() => set("kind")(k)} className="accent-brand-600" data-testid={`policy-kind-${k}`} />
                  {t(k === "s3" ? "storage.kindS3" : "storage.kindLocal")}
                </label>
              ))}
            </fieldset>
          )}
          {text("name", t("storage.name"), "policy-name")}
          {f.kind === "local" ? (
            text("path", t("storage.path"), "policy-path", { hint: policy && !policy.local?.path ? t("storage.pathBuiltin") : t("storage.pathHint"), placeholder: "/srv/haven-blobs" })
          ) : (
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <div className="sm:col-span-2">{text("endpoint", t("storage.endpoint"), "policy-endpoint", { hint: t("storage.endpointHint"), type: "url" })}</div>
              {text("bucket", t("storage.bucket"), "policy-bucket")}
              {text("region", t("storage.region"), "policy-region")}
              {text("prefix", t("storage.prefix"), "policy-prefix", { labelNote: t("auth.optional"), placeholder: "haven/" })}
              {text("accessKeyId", t("storage.accessKey"), "policy-access-key")}
              <div className="sm:col-span-2">
                {text("secretAccessKey", t("storage.secretKey"), "policy-secret-key", { type: "password", hint: policy?.s3?.secretSet ? t("storage.secretKeep") : undefined })}
              </div>
              <div className="sm:col-span-2">
                <Check label={t("storage.pathStyle")} hint={t("storage.pathStyleHint")} checked={f.pathStyle} onChange={set("pathStyle")} testId="policy-path-style" />
                <Check label={t("storage.redirect")} hint={t("storage.redirectHint")} checked={f.redirectDownloads} onChange={set("redirectDownloads")} testId="policy-redirect" />
              </div>
            </div>
          )}
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            {text("maxFileSize", t("storage.maxFileSize"), "policy-max-size", { hint: t("storage.maxFileSizeHint"), placeholder: "2GiB" })}
            {text("extensions", t("storage.extensions"), "policy-extensions", { hint: t("storage.extensionsHint"), placeholder: "jpg, png, pdf" })}
          </div>
          <div className="space-y-3">
            <Button onClick={() => void runTest()} disabled={testing} data-testid="policy-test">
              {testing && <Spinner />}
              {t("storage.test")}
            </Button>
            <FormAlert message={testError} testId="probe-error" />
            {probe && <PolicyProbe result={probe} />}
          </div>
        </div>
      )}
    </FormDialog>
  );
}
