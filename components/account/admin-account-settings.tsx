"use client";

import { useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { getMailSettings, getPasswordPolicy, saveMailSettings, savePasswordPolicy, sendTestMail, type SmtpView } from "@/lib/client/account-settings-api";

const MAIL_KEY = ["admin-mail-settings"] as const;
const POLICY_KEY = ["admin-password-policy"] as const;

/** Admin → Settings: mail (SMTP, send test mail) and the password policy. */
export function AdminAccountSettings() {
  const mail = useQuery({ queryKey: MAIL_KEY, queryFn: getMailSettings });
  const policy = useQuery({ queryKey: POLICY_KEY, queryFn: getPasswordPolicy });
  return (
    <div className="mt-10 max-w-xl space-y-10">
      {mail.data && <MailForm view={mail.data} />}
      {policy.data && <PolicyForm minLength={policy.data.minLength} />}
    </div>
  );
}

function MailForm({ view }: { view: SmtpView }) {
  const { t, toast } = useFeedback();
  const queryClient = useQueryClient();
  const s = view.settings;
  const [form, setForm] = useState({ host: s?.host ?? "", port: s?.port ? String(s.port) : "", secure: s?.secure ?? false, user: s?.user ?? "", pass: "", from: s?.from ?? "" });
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | "save" | "clear" | "test">(null);
  const source = { env: t("settings.mailSourceEnv"), settings: t("settings.mailSourceSettings"), none: t("settings.mailSourceNone") }[view.source];

  const run = async (kind: "save" | "clear" | "test", work: () => Promise<unknown>) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(null);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run("save", async () => {
      const saved = await saveMailSettings({ host: form.host, port: form.port ? Number(form.port) : null, secure: form.secure, user: form.user || null, ...(form.pass ? { pass: form.pass } : {}), from: form.from });
      queryClient.setQueryData(MAIL_KEY, saved);
      setForm((current) => ({ ...current, pass: "" }));
      toast.success(t("settings.saved"));
    });
  };
  const field = (name: "host" | "port" | "user" | "pass" | "from") => ({ value: form[name], onChange: (event: { target: { value: string } }) => setForm((current) => ({ ...current, [name]: event.target.value })) });

  return (
    <section aria-labelledby="mail-settings-heading" data-testid="mail-settings">
      <h2 id="mail-settings-heading" className="text-sm font-semibold">
        {t("settings.mail")}
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("settings.mailHint")}</p>
      <p className="mt-2 text-sm" data-testid="mail-source">
        {source}
      </p>
      <form onSubmit={save} className="mt-4 space-y-4">
        <FormAlert message={error} />
        <div className="grid grid-cols-[1fr_6rem] gap-3">
          <TextField label={t("settings.smtpHost")} required autoCapitalize="none" spellCheck={false} {...field("host")} />
          <TextField label={t("settings.smtpPort")} inputMode="numeric" placeholder={form.secure ? "465" : "587"} {...field("port")} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" checked={form.secure} onChange={(event) => setForm({ ...form, secure: event.target.checked })} />
          {t("settings.smtpSecure")}
        </label>
        <TextField label={t("settings.smtpUser")} autoComplete="off" autoCapitalize="none" {...field("user")} />
        <TextField label={t("settings.smtpPass")} type="password" autoComplete="new-password" hint={view.hasPassword ? t("settings.smtpPassKept") : undefined} {...field("pass")} />
        <TextField label={t("settings.mailFrom")} required placeholder="Haven <haven@example.com>" {...field("from")} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" disabled={busy !== null} data-testid="mail-save">
            {busy === "save" && <Spinner />}
            {t("settings.mailSave")}
          </Button>
          {view.source === "settings" && (
            <Button disabled={busy !== null} onClick={() => void run("clear", async () => queryClient.setQueryData(MAIL_KEY, await saveMailSettings(null)))}>
              {busy === "clear" && <Spinner />}
              {t("settings.mailClear")}
            </Button>
          )}
        </div>
      </form>
      <form
        className="mt-6 flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void run("test", async () => {
            await sendTestMail(to.trim());
            toast.success(t("settings.testSent", { to: to.trim() }));
          });
        }}
      >
        <TextField className="min-w-0 flex-1" label={t("settings.testMailTo")} type="email" required value={to} onChange={(event) => setTo(event.target.value)} data-testid="mail-test-to" />
        <Button type="submit" disabled={busy !== null || view.source === "none"} data-testid="mail-test-send">
          {busy === "test" && <Spinner />}
          {t("settings.sendTest")}
        </Button>
      </form>
    </section>
  );
}

function PolicyForm({ minLength }: { minLength: number }) {
  const { t, toast } = useFeedback();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(minLength));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(POLICY_KEY, await savePasswordPolicy(Number(value)));
      toast.success(t("settings.saved"));
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="password-policy-heading" data-testid="password-policy">
      <h2 id="password-policy-heading" className="text-sm font-semibold">
        {t("settings.passwordPolicy")}
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("settings.passwordPolicyHint")}</p>
      <form onSubmit={save} className="mt-4 flex flex-wrap items-end gap-2">
        <FormAlert message={error} />
        <TextField className="w-32" label={t("settings.minLength")} type="number" min={6} max={128} required value={value} onChange={(event) => setValue(event.target.value)} data-testid="policy-min-length" />
        <Button type="submit" variant="primary" disabled={busy}>
          {busy && <Spinner />}
          {t("common.save")}
        </Button>
      </form>
    </section>
  );
}
