"use client";

import { useState } from "react";
import { Pencil, QrCode as QrIcon, Trash2 } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { InlineConfirm } from "@/components/share/inline-confirm";
import { LinkBadges } from "@/components/share/link-badges";
import { LinkStats } from "@/components/share/link-stats";
import { QrCode } from "@/components/share/qr-code";
import { IconButton } from "@/components/ui/icon-button";
import { inputClass } from "@/components/ui/text-field";
import { cn } from "@/components/ui/cn";
import { absoluteLinkUrl, type ShareLink } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

/** One link: its URL with copy and QR code, its options, its use, and edit / revoke. */
export function LinkCard({ link, onEdit, onRevoke, revoking }: { link: ShareLink; onEdit: () => void; onRevoke: () => void; revoking: boolean }) {
  const t = useT();
  const [showQr, setShowQr] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const url = absoluteLinkUrl(link);
  return (
    <li className="space-y-2.5 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800" data-testid="link-card" data-token={link.token}>
      <div className="flex items-center gap-2">
        <input readOnly value={url} aria-label={t("share.linkUrl")} onFocus={(event) => event.target.select()} className={cn(inputClass, "h-8 min-w-0 flex-1 font-mono text-xs")} data-testid="link-url" />
        <CopyButton text={url} testId="link-copy" />
      </div>
      <LinkBadges link={link} />
      <LinkStats link={link} />
      <div className="flex items-center justify-end gap-1">
        <IconButton size="sm" label={showQr ? t("share.hideQr") : t("share.showQr")} aria-pressed={showQr} onClick={() => setShowQr(!showQr)} data-testid="link-qr-toggle">
          <QrIcon className="size-4" aria-hidden />
        </IconButton>
        <IconButton size="sm" label={t("share.editLink")} onClick={onEdit} data-testid="link-edit">
          <Pencil className="size-4" aria-hidden />
        </IconButton>
        <IconButton size="sm" label={t("share.revokeLink")} onClick={() => setConfirming(true)} data-testid="link-revoke" className="text-red-600 hover:text-red-700 dark:text-red-400">
          <Trash2 className="size-4" aria-hidden />
        </IconButton>
      </div>
      {confirming && (
        <InlineConfirm message={t("share.revokeBody")} confirmLabel={t("share.revokeLink")} busy={revoking} onCancel={() => setConfirming(false)} onConfirm={onRevoke} testId="confirm-revoke" />
      )}
      {showQr && (
        <div className="flex justify-center">
          <QrCode text={url} label={t("share.qrLabel", { name: link.nodeName })} />
        </div>
      )}
    </li>
  );
}
