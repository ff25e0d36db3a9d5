"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { useT } from "@/lib/i18n/provider";

type AppPasswordSecretDialogProps = {
  name: string;
  password: string;
  username: string;
  onClose: () => void;
};

/** Shows a new app password once, with a copy button and what to type into a WebDAV client. */
export function AppPasswordSecretDialog({ name, password, username, onClose }: AppPasswordSecretDialogProps) {
  const t = useT();
  const davUrl = typeof window === "undefined" ? "/dav/" : `${window.location.origin}/dav/`;

  return (
    <Dialog
      open
      onClose={onClose}
      title={t("appPasswords.secretTitle", { name })}
      description={t("appPasswords.secretOnce")}
      testId="app-password-secret-dialog"
      footer={
        <Button variant="primary" onClick={onClose} data-testid="app-password-done">
          {t("appPasswords.done")}
        </Button>
      }
    >
      <div className="space-y-4">
        <div className="flex items-center gap-2">
          <code
            data-testid="app-password-secret"
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-sm break-all select-all dark:border-zinc-700 dark:bg-zinc-900"
          >
            {password}
          </code>
          <CopyButton text={password} size="md" testId="app-password-copy" />
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-zinc-500 dark:text-zinc-400">{t("appPasswords.serverAddress")}</dt>
          <dd className="font-mono break-all" data-testid="app-password-dav-url">{davUrl}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">{t("auth.username")}</dt>
          <dd className="font-mono break-all">{username}</dd>
        </dl>
      </div>
    </Dialog>
  );
}
