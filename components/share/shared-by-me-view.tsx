"use client";

import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link2, Trash2, UserRound } from "lucide-react";
import { NodeIcon } from "@/components/drive/node-icon";
import { CopyButton } from "@/components/ui/copy-button";
import { InlineConfirm } from "@/components/share/inline-confirm";
import { LinkBadges } from "@/components/share/link-badges";
import { LinkStats } from "@/components/share/link-stats";
import { MODE_LABEL, PERMISSION_LABEL } from "@/components/share/share-labels";
import { ShareDialog, type ShareTarget } from "@/components/share/share-dialog";
import { useShareMutations } from "@/components/share/use-share-mutations";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { IconButton } from "@/components/ui/icon-button";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { absoluteLinkUrl, SHARE_MODES, sharedByMe, type ShareMode } from "@/lib/client/share-api";
import { formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

type KindFilter = "all" | "links" | "people";
type StateFilter = "all" | "active" | "expired";
const selectClass = "h-8 rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** /shared/by-me: every public link and internal share I made, with their use, filters, and manage/revoke. */
export function SharedByMeView() {
  const t = useT();
  const locale = useLocale();
  const query = useQuery({ queryKey: queryKeys.sharedByMe, queryFn: sharedByMe });
  const { removeLink, removeGrant } = useShareMutations();
  const [kind, setKind] = useState<KindFilter>("all");
  const [mode, setMode] = useState<ShareMode | "all">("all");
  const [state, setState] = useState<StateFilter>("all");
  const [managing, setManaging] = useState<ShareTarget | null>(null);
  // The row asking "revoke?": `link-<id>` or `grant-<id>`.
  const [confirming, setConfirming] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t("shared.byMeTitle")} · ${t("app.name")}`;
  }, [t]);

  const links = useMemo(
    () =>
      (query.data?.links ?? []).filter((link) => {
        if (kind === "people" || (mode !== "all" && link.mode !== mode)) return false;
        const ended = link.state !== "live";
        return state === "all" || (state === "expired" ? ended : !ended);
      }),
    [query.data, kind, mode, state],
  );
  // Internal shares have no mode and do not expire: the mode and "expired" filters leave none.
  const grants = kind === "links" || mode !== "all" || state === "expired" ? [] : (query.data?.grants ?? []);
  const nothing = links.length === 0 && grants.length === 0;
  const filtered = kind !== "all" || mode !== "all" || state !== "all";

  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("shared.byMeTitle")}</h1>} />
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2 sm:px-6 dark:border-zinc-800" data-testid="shared-filters">
        <select aria-label={t("shared.filterKind")} value={kind} onChange={(event) => setKind(event.target.value as KindFilter)} className={selectClass} data-testid="filter-kind">
          <option value="all">{t("shared.kind.all")}</option>
          <option value="links">{t("shared.kind.links")}</option>
          <option value="people">{t("shared.kind.people")}</option>
        </select>
        <select aria-label={t("shared.filterMode")} value={mode} onChange={(event) => setMode(event.target.value as ShareMode | "all")} className={selectClass} data-testid="filter-mode">
          <option value="all">{t("shared.mode.all")}</option>
          {SHARE_MODES.map((value) => (
            <option key={value} value={value}>
              {t(MODE_LABEL[value])}
            </option>
          ))}
        </select>
        <select aria-label={t("shared.filterState")} value={state} onChange={(event) => setState(event.target.value as StateFilter)} className={selectClass} data-testid="filter-state">
          <option value="all">{t("shared.state.all")}</option>
          <option value="active">{t("shared.state.active")}</option>
          <option value="expired">{t("shared.state.expired")}</option>
        </select>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto pb-24">
        {query.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : query.isError ? (
          <ErrorState title={t("shared.errorTitle")} message={errorMessage(query.error, t("common.unknownError"))} onRetry={() => void query.refetch()} />
        ) : nothing ? (
          <EmptyState icon={<Link2 className="size-7" aria-hidden />} title={filtered ? t("shared.byMeNoMatch") : t("shared.byMeEmpty")} hint={filtered ? undefined : t("shared.byMeEmptyHint")} />
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="shared-by-me-list">
            {links.map((link) => {
              const revoking = removeLink.isPending && removeLink.variables === link.id;
              return (
                <li key={`link-${link.id}`} className="space-y-2 px-4 py-3 sm:px-6" data-testid="shared-link" data-name={link.nodeName} data-token={link.token}>
                  <div className="flex items-center gap-3">
                    <NodeIcon node={{ isFolder: link.isFolder, name: link.nodeName, mimeType: null }} />
                    <span className="min-w-0 flex-1 truncate text-sm font-medium">{link.nodeName}</span>
                    <CopyButton text={absoluteLinkUrl(link)} />
                    <Button size="sm" variant="ghost" onClick={() => setManaging({ id: link.nodeId, name: link.nodeName, isFolder: link.isFolder })}>
                      {t("share.manageShort")}
                    </Button>
                    <IconButton size="sm" label={t("share.revokeLink")} onClick={() => setConfirming(`link-${link.id}`)} disabled={revoking} data-testid="shared-link-revoke">
                      <Trash2 className="size-4" aria-hidden />
                    </IconButton>
                  </div>
                  {confirming === `link-${link.id}` && (
                    <InlineConfirm message={t("share.revokeBody")} confirmLabel={t("share.revokeLink")} busy={revoking} onCancel={() => setConfirming(null)} onConfirm={() => removeLink.mutate(link.id)} testId="confirm-revoke" />
                  )}
                  <div className="space-y-1.5 pl-8">
                    <LinkBadges link={link} />
                    <LinkStats link={link} />
                    <p className="text-xs text-zinc-500">{t("shared.createdAt", { date: formatShortDateTime(link.createdAt, locale) })}</p>
                  </div>
                </li>
              );
            })}
            {grants.map((grant) => {
              const name = grant.recipient.displayName || grant.recipient.username;
              const revoking = removeGrant.isPending && removeGrant.variables === grant.id;
              return (
                <li key={`grant-${grant.id}`} className="space-y-2 px-4 py-3 sm:px-6" data-testid="shared-grant" data-name={grant.nodeName} data-username={grant.recipient.username}>
                  <div className="flex items-center gap-3">
                    <NodeIcon node={{ isFolder: grant.isFolder, name: grant.nodeName, mimeType: null }} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium">{grant.nodeName}</span>
                      <span className="flex items-center gap-1 truncate text-xs text-zinc-500 dark:text-zinc-400">
                        <UserRound className="size-3" aria-hidden />
                        {name} · {t(PERMISSION_LABEL[grant.permission])} · {formatShortDateTime(grant.createdAt, locale)}
                      </span>
                    </span>
                    <Button size="sm" variant="ghost" onClick={() => setManaging({ id: grant.nodeId, name: grant.nodeName, isFolder: grant.isFolder })}>
                      {t("share.manageShort")}
                    </Button>
                    <IconButton size="sm" label={t("share.revokeGrant", { name })} onClick={() => setConfirming(`grant-${grant.id}`)} disabled={revoking} data-testid="shared-grant-revoke">
                      <Trash2 className="size-4" aria-hidden />
                    </IconButton>
                  </div>
                  {confirming === `grant-${grant.id}` && (
                    <InlineConfirm
                      message={t("share.revokeGrantBody", { name })}
                      confirmLabel={t("share.revokeGrant", { name })}
                      busy={revoking}
                      onCancel={() => setConfirming(null)}
                      onConfirm={() => removeGrant.mutate(grant.id)}
                      testId="confirm-revoke"
                    />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {managing && <ShareDialog node={managing} onClose={() => setManaging(null)} />}
    </>
  );
}
