"use client";

import { useId, useState, type ReactNode } from "react";
import { MODE_HINT, MODE_LABEL } from "@/components/share/share-labels";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormAlert } from "@/components/auth/form-alert";
import { Spinner } from "@/components/ui/spinner";
import { inputClass } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import { modeUploads, SHARE_MODES, type LinkInput, type ShareLink, type ShareMode } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

const MIB = 1024 * 1024;

/** yyyy-mm-dd in local time, for <input type="date">. */
function toDateInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of the chosen day, local time: a link "until the 5th" works all of the 5th. */
function fromDateInput(value: string): string {
  return new Date(`${value}T23:59:59`).toISOString();
}

function tomorrowPlus(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return toDateInput(date.toISOString());
}

function Option({ label, checked, onChange, testId, children }: { label: string; checked: boolean; onChange: (on: boolean) => void; testId: string; children?: ReactNode }) {
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} className="size-4 accent-brand-600" data-testid={testId} />
        {label}
      </label>
      {checked && <div className="pl-6">{children}</div>}
    </div>
  );
}

type LinkFormProps = {
  isFolder: boolean;
  /** The link being edited; none for a new one. */
  link?: ShareLink;
  onSubmit: (input: LinkInput) => Promise<unknown>;
  onCancel: () => void;
};

/** The options of a public link: mode, password, expiry, download limit and (for drops) a size limit. */
export function LinkForm({ isFolder, link, onSubmit, onCancel }: LinkFormProps) {
  const t = useT();
  const ids = { password: useId(), expiry: useId(), limit: useId(), size: useId() };
  const [mode, setMode] = useState<ShareMode>(link?.mode ?? "view");
  const [usePassword, setUsePassword] = useState(link?.hasPassword ?? false);
  const [password, setPassword] = useState("");
  const [useExpiry, setUseExpiry] = useState(Boolean(link?.expiresAt));
  const [expiry, setExpiry] = useState(toDateInput(link?.expiresAt ?? null) || tomorrowPlus(7));
  const [useLimit, setUseLimit] = useState(link?.downloadLimit != null);
  const [limit, setLimit] = useState(String(link?.downloadLimit ?? 10));
  const [useSizeLimit, setUseSizeLimit] = useState(link?.uploadSizeLimit != null);
  const [sizeMiB, setSizeMiB] = useState(String(link?.uploadSizeLimit != null ? Math.round(link.uploadSizeLimit / MIB) : 100));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Modes that take uploads need a folder.
  const modes = SHARE_MODES.filter((value) => isFolder || !modeUploads(value));
  const dropsFiles = modeUploads(mode);

  const build = (): LinkInput | string => {
    const input: LinkInput = { mode };
    if (!usePassword) input.password = null;
    else if (password) input.password = password;
    else if (!link?.hasPassword) return t("share.passwordMissing");
    if (useExpiry && Number.isNaN(Date.parse(`${expiry}T23:59:59`))) return t("share.expiryInvalid");
    input.expiresAt = useExpiry ? fromDateInput(expiry) : null;
    const limitNumber = Number(limit);
    if (useLimit && !(Number.isInteger(limitNumber) && limitNumber >= 1)) return t("share.limitInvalid");
    input.downloadLimit = useLimit && mode !== "upload" ? limitNumber : null;
    const size = Number(sizeMiB);
    if (dropsFiles && useSizeLimit && !(size > 0)) return t("share.sizeLimitInvalid");
    input.uploadSizeLimit = dropsFiles && useSizeLimit ? Math.round(size * MIB) : null;
    return input;
  };

  const submit = async () => {
    const input = build();
    if (typeof input === "string") return setError(input);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(input);
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="link-form">
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">{t("share.modeLabel")}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {modes.map((value) => (
            <label
              key={value}
              className={cn(
                "flex cursor-pointer flex-col rounded-lg border px-3 py-2 text-sm",
                mode === value ? "border-brand-500 bg-brand-50 dark:bg-brand-950/40" : "border-zinc-200 dark:border-zinc-700",
              )}
            >
              <span className="flex items-center gap-2 font-medium">
                <input type="radio" name="share-mode" value={value} checked={mode === value} onChange={() => setMode(value)} className="accent-brand-600" data-testid={`mode-${value}`} />
                {t(MODE_LABEL[value])}
              </span>
              <span className="mt-0.5 pl-5 text-xs text-zinc-500 dark:text-zinc-400">{t(MODE_HINT[value])}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <Option label={t("share.passwordOption")} checked={usePassword} onChange={setUsePassword} testId="link-use-password">
        <label htmlFor={ids.password} className="sr-only">
          {t("share.passwordLabel")}
        </label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={password}
          placeholder={link?.hasPassword ? t("share.passwordKeep") : t("share.passwordLabel")}
          onChange={(event) => setPassword(event.target.value)}
          className={inputClass}
          data-testid="link-password"
        />
      </Option>

      <Option label={t("share.expiryOption")} checked={useExpiry} onChange={setUseExpiry} testId="link-use-expiry">
        <label htmlFor={ids.expiry} className="sr-only">
          {t("share.expiryLabel")}
        </label>
        <input id={ids.expiry} type="date" min={tomorrowPlus(0)} value={expiry} onChange={(event) => setExpiry(event.target.value)} className={inputClass} data-testid="link-expiry" />
      </Option>

      {mode !== "upload" && (
        <Option label={t("share.limitOption")} checked={useLimit} onChange={setUseLimit} testId="link-use-limit">
          <label htmlFor={ids.limit} className="sr-only">
            {t("share.limitLabel")}
          </label>
          <input id={ids.limit} type="number" min={1} step={1} inputMode="numeric" value={limit} onChange={(event) => setLimit(event.target.value)} className={inputClass} data-testid="link-limit" />
        </Option>
      )}

      {dropsFiles && (
        <Option label={t("share.sizeLimitOption")} checked={useSizeLimit} onChange={setUseSizeLimit} testId="link-use-size-limit">
          <div className="relative">
            <label htmlFor={ids.size} className="sr-only">
              {t("share.sizeLimitLabel")}
            </label>
            <input id={ids.size} type="number" min={1} step="any" inputMode="decimal" value={sizeMiB} onChange={(event) => setSizeMiB(event.target.value)} className={cn(inputClass, "pr-14")} data-testid="link-size-limit" />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-zinc-500">MiB</span>
          </div>
        </Option>
      )}

      <FormAlert message={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel} disabled={busy}>
          {t("common.cancel")}
        </Button>
        <Button variant="primary" onClick={() => void submit()} disabled={busy} data-testid="link-save">
          {busy && <Spinner />}
          {link ? t("common.save") : t("share.createLink")}
        </Button>
      </div>
    </div>
  );
}
