"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/auth/form-alert";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Spinner } from "@/components/ui/spinner";
import { inputClass } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { getSharePolicy, saveSharePolicy, type SharePolicy } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

function Toggle({ label, hint, checked, onChange, testId, children }: { label: string; hint: string; checked: boolean; onChange: (on: boolean) => void; testId: string; children?: ReactNode }) {
  return (
    <div className="py-4">
      <label className="flex items-start gap-3">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} className="mt-0.5 size-4 accent-brand-600" data-testid={testId} />
        <span>
          <span className="block text-sm font-medium">{label}</span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
        </span>
      </label>
      {checked && children && <div className="mt-3 pl-7">{children}</div>}
    </div>
  );
}

/** /admin/settings: the site's share policy (enforced by the server; this page only edits it). */
export function SharePolicyView({ children, before }: { children?: ReactNode; before?: ReactNode }) {
  const t = useT();
  const query = useQuery({ queryKey: queryKeys.sharePolicy, queryFn: getSharePolicy });

  useEffect(() => {
    document.title = `${t("settings.title")} · ${t("app.name")}`;
  }, [t]);

  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("settings.title")}</h1>} />
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-6 sm:px-6">
        {before}
        {query.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : query.isError ? (
          <ErrorState title={t("settings.errorTitle")} message={errorMessage(query.error, t("common.unknownError"))} onRetry={() => void query.refetch()} />
        ) : (
          <PolicyForm initial={query.data} />
        )}
        {children}
      </div>
    </>
  );
}

function PolicyForm({ initial }: { initial: SharePolicy }) {
  const { t, toast } = useFeedback();
  const queryClient = useQueryClient();
  const daysId = useId();
  const [policy, setPolicy] = useState(initial);
  const [limitExpiry, setLimitExpiry] = useState(initial.maxExpiryDays !== null);
  const [days, setDays] = useState(String(initial.maxExpiryDays ?? 30));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: saveSharePolicy,
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.sharePolicy, saved);
      toast.success(t("settings.saved"));
    },
    onError: (caught) => setError(errorMessage(caught, t("common.unknownError"))),
  });
  const set = (changes: Partial<SharePolicy>) => setPolicy((current) => ({ ...current, ...changes }));

  const submit = () => {
    const dayCount = Number(days);
    if (limitExpiry && !(Number.isInteger(dayCount) && dayCount >= 1)) return setError(t("settings.daysInvalid"));
    setError(null);
    save.mutate({ ...policy, maxExpiryDays: limitExpiry ? dayCount : null });
  };

  return (
    <form
      className="max-w-xl"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      data-testid="share-policy-form"
    >
      <h2 className="text-sm font-semibold">{t("settings.sharing")}</h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("settings.sharingHint")}</p>
      <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
        <Toggle label={t("settings.publicLinks")} hint={t("settings.publicLinksHint")} checked={policy.publicLinks} onChange={(on) => set({ publicLinks: on })} testId="policy-public-links" />
        <Toggle label={t("settings.requirePassword")} hint={t("settings.requirePasswordHint")} checked={policy.requirePassword} onChange={(on) => set({ requirePassword: on })} testId="policy-require-password" />
        <Toggle label={t("settings.maxExpiry")} hint={t("settings.maxExpiryHint")} checked={limitExpiry} onChange={setLimitExpiry} testId="policy-limit-expiry">
          <label htmlFor={daysId} className="mb-1 block text-xs text-zinc-500">
            {t("settings.maxExpiryDays")}
          </label>
          <input id={daysId} type="number" min={1} step={1} value={days} onChange={(event) => setDays(event.target.value)} className={`${inputClass} max-w-40`} data-testid="policy-max-days" />
        </Toggle>
        <Toggle label={t("settings.uploadLinks")} hint={t("settings.uploadLinksHint")} checked={policy.allowUploadLinks} onChange={(on) => set({ allowUploadLinks: on })} testId="policy-upload-links" />
        <Toggle label={t("settings.partnersMayShare")} hint={t("settings.partnersMayShareHint")} checked={policy.partnersMayShare} onChange={(on) => set({ partnersMayShare: on })} testId="policy-partners-share" />
      </div>
      <FormAlert message={error} />
      <div className="mt-4">
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="policy-save">
          {save.isPending && <Spinner />}
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}
