"use client";

import { useEffect, useState } from "react";
import { KeyRound, Plus } from "lucide-react";
import { AppPasswordRow } from "@/components/settings/app-password-row";
import { AppPasswordSecretDialog } from "@/components/settings/app-password-secret-dialog";
import { CreateAppPasswordDialog } from "@/components/settings/create-app-password-dialog";
import { useAppPasswords } from "@/components/settings/use-app-passwords";
import { SessionsSection } from "@/components/settings/sessions-section";
import { PageHeader } from "@/components/shell/page-header";
import { useShell } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import type { AppPasswordView } from "@/lib/client/app-passwords-api";
import { useMe } from "@/lib/client/use-me";
import { useT } from "@/lib/i18n/provider";

type SecurityDialog = { kind: "create" } | { kind: "secret"; name: string; password: string } | { kind: "revoke"; item: AppPasswordView } | null;

/** /settings/security: app passwords for WebDAV and other native clients (create, show once, list, revoke), and signed-in browsers. */
export function SecurityView() {
  const t = useT();
  const { user } = useShell();
  const me = useMe();
  const { list, items, create, revoke } = useAppPasswords();
  const [dialog, setDialog] = useState<SecurityDialog>(null);

  useEffect(() => {
    document.title = `${t("settings.securityTitle")} · ${t("app.name")}`;
  }, [t]);

  const th = "px-3 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";
  const rootId = me.data?.space.rootId;

  return (
    <>
      <PageHeader
        title={<h1 className="px-1.5 text-base font-semibold">{t("settings.securityTitle")}</h1>}
        actions={
          <Button
            variant="primary"
            icon={<Plus className="size-4" aria-hidden />}
            onClick={() => setDialog({ kind: "create" })}
            disabled={rootId === undefined}
            data-testid="create-app-password-button"
          >
            {t("appPasswords.create")}
          </Button>
        }
      />
      <div className="min-h-0 flex-1 overflow-auto pb-24">
        <section aria-labelledby="app-passwords-heading">
          <div className="px-4 pt-5 pb-3 sm:px-6">
            <h2 id="app-passwords-heading" className="text-sm font-semibold">
              {t("appPasswords.title")}
            </h2>
            <p className="mt-1 max-w-2xl text-sm text-zinc-500 dark:text-zinc-400">{t("appPasswords.intro")}</p>
          </div>
          {list.isPending ? (
            <SkeletonRows label={t("common.loading")} count={3} />
          ) : list.isError ? (
            <ErrorState title={t("appPasswords.errorTitle")} message={errorMessage(list.error, t("common.unknownError"))} onRetry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState icon={<KeyRound aria-hidden />} title={t("appPasswords.emptyTitle")} hint={t("appPasswords.emptyBody")} />
          ) : (
            <table className="w-full text-sm" data-testid="app-passwords-table" aria-label={t("appPasswords.title")}>
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  <th scope="col" className={th + " pl-4 sm:pl-6"}>{t("appPasswords.column.name")}</th>
                  <th scope="col" className={th}>{t("appPasswords.column.access")}</th>
                  <th scope="col" className={th + " hidden sm:table-cell"}>{t("appPasswords.column.created")}</th>
                  <th scope="col" className={th}>{t("appPasswords.column.lastUsed")}</th>
                  <th scope="col" className={th + " pr-4 sm:pr-6"}>
                    <span className="sr-only">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <AppPasswordRow key={item.id} item={item} onRevoke={(chosen) => setDialog({ kind: "revoke", item: chosen })} />
                ))}
              </tbody>
            </table>
          )}
        </section>
        <SessionsSection />
      </div>
      {dialog?.kind === "create" && rootId !== undefined && (
        <CreateAppPasswordDialog
          rootId={rootId}
          onCreate={async (input) => {
            const created = await create.mutateAsync(input);
            // The create dialog closes after this resolves; its onClose then leaves the secret dialog in place.
            setDialog({ kind: "secret", name: created.appPassword.name, password: created.password });
          }}
          onClose={() => setDialog((current) => (current?.kind === "create" ? null : current))}
        />
      )}
      {dialog?.kind === "secret" && <AppPasswordSecretDialog name={dialog.name} password={dialog.password} username={user.username} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        open={dialog?.kind === "revoke"}
        title={t("appPasswords.revokeTitle", { name: dialog?.kind === "revoke" ? dialog.item.name : "" })}
        body={t("appPasswords.revokeBody")}
        confirmLabel={t("appPasswords.revoke")}
        confirmTestId="app-password-revoke-confirm"
        danger
        busy={revoke.isPending}
        onConfirm={() => {
          if (dialog?.kind !== "revoke") return;
          revoke.mutate(dialog.item, { onSettled: () => setDialog(null) });
        }}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
