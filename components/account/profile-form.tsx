"use client";

import { useId, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { inputClass, TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import type { Locale, Me } from "@/lib/client/api-types";
import { updateProfile } from "@/lib/client/account-settings-api";
import { queryKeys } from "@/lib/client/query-keys";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";

/** Display name, email and language of the signed-in account. */
export function ProfileForm({ me }: { me: Me }) {
  const { t, toast } = useFeedback();
  const router = useRouter();
  const queryClient = useQueryClient();
  const languageId = useId();
  const [form, setForm] = useState({ displayName: me.displayName, email: me.email ?? "", locale: me.locale ?? "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const locale = (form.locale || null) as Locale | null;
      const saved = await updateProfile({ displayName: form.displayName, email: form.email.trim() || null, locale });
      queryClient.setQueryData<Me>(queryKeys.me, (current) => (current ? { ...current, ...saved } : current));
      setForm({ displayName: saved.displayName, email: saved.email ?? "", locale: saved.locale ?? "" });
      if (locale) document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
      toast.success(t("account.saved"));
      router.refresh();
    } catch (caught) {
      setError(/email/i.test(errorMessage(caught, "")) ? t("account.emailInvalid") : errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="profile-form">
      <FormAlert message={error} />
      <TextField label={t("auth.username")} value={me.username} readOnly disabled />
      <TextField label={t("auth.displayName")} name="displayName" autoComplete="name" value={form.displayName} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
      <TextField label={t("auth.email")} name="email" type="email" autoComplete="email" value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
      <div className="space-y-1.5">
        <label htmlFor={languageId} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {t("locale.label")}
        </label>
        <select id={languageId} className={inputClass} value={form.locale} onChange={(event) => setForm({ ...form, locale: event.target.value })} data-testid="profile-locale">
          <option value="">{t("account.languageBrowser")}</option>
          {LOCALES.map((value) => (
            <option key={value} value={value} lang={value}>
              {LOCALE_NAMES[value]}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="primary" disabled={busy} data-testid="profile-save">
        {busy && <Spinner />}
        {t("account.saveProfile")}
      </Button>
    </form>
  );
}
