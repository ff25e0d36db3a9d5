"use client";

import { FolderBrowser } from "@/components/drive/folder-browser";
import { PageHeader } from "@/components/shell/page-header";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import { useMe } from "@/lib/client/use-me";
import { useT } from "@/lib/i18n/provider";

/** /files and /files/:id. Without an id the user's root folder is shown (its id comes from /api/me). */
export function DriveView({ folderId }: { folderId: number | null }) {
  const t = useT();
  const me = useMe();

  if (me.data) {
    const id = folderId ?? me.data.space.rootId;
    return <FolderBrowser key={id} folderId={id} rootId={me.data.space.rootId} />;
  }
  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("nav.myFiles")}</h1>} />
      {me.isError ? (
        <ErrorState title={t("drive.errorTitle")} message={errorMessage(me.error, t("common.unknownError"))} onRetry={() => void me.refetch()} />
      ) : (
        <SkeletonRows label={t("common.loading")} />
      )}
    </>
  );
}
