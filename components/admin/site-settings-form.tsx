"use client";

import { useRef, useState, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/auth/form-alert";
import { QuotaInput, quotaToValue, valueToQuota } from "@/components/admin/quota-input";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { inputClass, TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { getSite, getSiteSettings, removeLogo, saveSiteSettings, uploadLogo, type SiteSettings } from "@/lib/client/admin-api";

export const SITE_KEY = ["site"] as const;
const SETTINGS_KEY = ["admin-site-settings"] as const;

/** Admin → Settings, first section: site name and logo, registration, 2FA policy, default quota, retention. */
export function SiteSettingsSection() {
  const query = useQuery({ queryKey: SETTINGS_KEY, queryFn: getSiteSettings });
  return (
    <div className="mb-10 max-w-xl space-y-10">
      <LogoForm />
      {query.data && <SiteForm initial={query.data} />}
    </div>
  );
}

/** A checkbox with a label and a hint line under it. */
export function Check({ label, hint, checked, onChange, testId }: { label: string; hint: string; checked: boolean; onChange: (on: boolean) => void; testId: string }) {
  return (
    <label className="flex items-start gap-3 py-3">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 size-4 accent-brand-600" data-testid={testId} />
      <span>
        <span className="block text-sm font-medium">{label}</span>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
      </span>
    </label>
  );
}

function NumberField({ label, value, onChange, testId, children }: { label: string; value: string; onChange: (v: string) => void; testId: string; children?: ReactNode }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
      <span className="flex items-center gap-2">
        <input type="number" min={1} step={1} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} max-w-32`} data-testid={testId} />
        {children}
      </span>
    </label>
  );
}

function SiteForm({ initial }: { initial: SiteSettings }) {
  const { t, toast } = useFeedback();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial.siteName);
  const [registration, setRegistration] = useState(initial.registration.enabled);
  const [twoFactor, setTwoFactor] = useState(initial.twoFactorPolicy.required);
  const [quota, setQuota] = useState(quotaToValue(initial.defaultQuota));
  const [trashDays, setTrashDays] = useState(String(initial.trashRetentionDays));
  const [maxVersions, setMaxVersions] = useState(initial.versionRetention.maxVersions === null ? "" : String(initial.versionRetention.maxVersions));
  const [maxAge, setMaxAge] = useState(initial.versionRetention.maxAgeDays === null ? "" : String(initial.versionRetention.maxAgeDays));
  const [keepNewest, setKeepNewest] = useState(String(initial.versionRetention.keepNewest));
  const [auditDays, setAuditDays] = useState(String(initial.auditRetentionDays));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: saveSiteSettings,
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      void queryClient.invalidateQueries({ queryKey: SITE_KEY });
      toast.success(t("settings.saved"));
    },
    onError: (caught) => setError(errorMessage(caught, t("common.unknownError"))),
  });
  const whole = (v: string) => (Number.isInteger(Number(v)) && Number(v) >= 1 ? Number(v) : undefined);
  const optional = (v: string) => (v.trim() === "" ? null : whole(v));
  const submit = () => {
    const defaultQuota = valueToQuota(quota);
    const values = { trash: whole(trashDays), audit: whole(auditDays), versions: optional(maxVersions), age: optional(maxAge), keep: whole(keepNewest) };
    if (defaultQuota === undefined || Object.values(values).includes(undefined)) return setError(t("dash.numbersInvalid"));
    setError(null);
    save.mutate({
      siteName: name,
      registration: { enabled: registration },
      twoFactorPolicy: { required: twoFactor },
      defaultQuota,
      trashRetentionDays: values.trash!,
      auditRetentionDays: values.audit!,
      versionRetention: { maxVersions: values.versions!, maxAgeDays: values.age!, keepNewest: values.keep! },
    });
  };
  return (
    <form onSubmit={(e) => (e.preventDefault(), submit())} className="space-y-5" data-testid="site-settings-form">
      <div>
        <h2 className="text-sm font-semibold">{t("dash.site")}</h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("dash.siteHint")}</p>
      </div>
      <TextField label={t("dash.siteName")} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="site-name" />
      <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
        <Check label={t("dash.registration")} hint={t("dash.registrationHint")} checked={registration} onChange={setRegistration} testId="site-registration" />
        <Check label={t("dash.require2fa")} hint={t("dash.require2faHint")} checked={twoFactor} onChange={setTwoFactor} testId="site-2fa" />
      </div>
      <div>
        <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">{t("dash.defaultQuotaHint")}</p>
        <QuotaInput value={quota} onChange={setQuota} />
      </div>
      <h3 className="pt-2 text-sm font-semibold">{t("dash.retention")}</h3>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <NumberField label={t("dash.trashDays")} value={trashDays} onChange={setTrashDays} testId="site-trash-days" />
        <NumberField label={t("dash.auditDays")} value={auditDays} onChange={setAuditDays} testId="site-audit-days" />
        <NumberField label={t("dash.maxVersions")} value={maxVersions} onChange={setMaxVersions} testId="site-max-versions" />
        <NumberField label={t("dash.maxVersionAge")} value={maxAge} onChange={setMaxAge} testId="site-max-version-age" />
        <NumberField label={t("dash.keepNewest")} value={keepNewest} onChange={setKeepNewest} testId="site-keep-newest" />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("dash.emptyMeansKeep")}</p>
      <FormAlert message={error} />
      <Button type="submit" variant="primary" disabled={save.isPending} data-testid="site-save">
        {save.isPending && <Spinner />}
        {t("common.save")}
      </Button>
    </form>
  );
}

function LogoForm() {
  const { t, toast, fail, invalidate } = useFeedback();
  const site = useQuery({ queryKey: SITE_KEY, queryFn: getSite });
  const input = useRef<HTMLInputElement>(null);
  const done = () => {
    invalidate(SITE_KEY);
    toast.success(t("settings.saved"));
  };
  const upload = useMutation({ mutationFn: uploadLogo, onSuccess: done, onError: fail });
  const remove = useMutation({ mutationFn: removeLogo, onSuccess: done, onError: fail });
  return (
    <div className="space-y-2">
      <h2 className="text-sm font-semibold">{t("dash.logo")}</h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("dash.logoHint")}</p>
      <div className="flex items-center gap-3">
        {site.data?.logoUrl ? (
           
          <img src={site.data.logoUrl} alt={t("dash.logo")} className="size-12 rounded-lg object-contain" data-testid="site-logo-preview" />
        ) : (
          <span className="flex size-12 items-center justify-center rounded-lg bg-zinc-100 text-xs text-zinc-500 dark:bg-zinc-800">—</span>
        )}
        <input ref={input} type="file" accept="image/*" className="hidden" data-testid="site-logo-input" onChange={(e) => e.target.files?.[0] && upload.mutate(e.target.files[0])} />
        <Button onClick={() => input.current?.click()} disabled={upload.isPending}>
          {upload.isPending && <Spinner />}
          {t("dash.uploadLogo")}
        </Button>
        {site.data?.logoUrl && <Button variant="ghost" onClick={() => remove.mutate()}>{t("dash.removeLogo")}</Button>}
      </div>
    </div>
  );
}
