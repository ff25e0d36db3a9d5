"use client";

import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useT } from "@/lib/i18n/provider";

/** A confirmation inside a dialog (a second modal would nest forms). */
export function InlineConfirm({ message, confirmLabel, busy, onConfirm, onCancel, testId }: { message: string; confirmLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void; testId: string }) {
  const t = useT();
  return (
    <div role="alertdialog" aria-label={message} className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">
      <span className="min-w-0 flex-1">{message}</span>
      <Button size="sm" onClick={onCancel} disabled={busy}>
        {t("common.cancel")}
      </Button>
      <Button size="sm" variant="danger" onClick={onConfirm} disabled={busy} data-testid={testId}>
        {busy && <Spinner />}
        {confirmLabel}
      </Button>
    </div>
  );
}
