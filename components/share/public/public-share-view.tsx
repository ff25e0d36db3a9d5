"use client";

import { useState } from "react";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { Logo } from "@/components/brand/logo";
import { LanguageSelect } from "@/components/i18n/language-select";
import { retryUnlessClientError } from "@/components/providers/app-providers";
import { PasswordGate } from "@/components/share/public/password-gate";
import { PublicFile } from "@/components/share/public/public-file";
import { PublicFolder } from "@/components/share/public/public-folder";
import { ShareUnavailable } from "@/components/share/public/share-unavailable";
import { UploadDrop } from "@/components/share/public/upload-drop";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { openPublicShare, type PublicShare } from "@/lib/client/share-api";
import { formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/**
 * Its own query client: the app's default one sends a 401 to the sign-in page, but here a 401 means
 * "this link wants its password", and the visitor has no account.
 */
function createPublicClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, refetchOnWindowFocus: false, retry: retryUnlessClientError },
    },
  });
}

/** /s/<token>: what an anonymous visitor sees of a public link. */
export function PublicShareView({ token }: { token: string }) {
  const [client] = useState(createPublicClient);
  return (
    <QueryClientProvider client={client}>
      <ShareBody token={token} />
    </QueryClientProvider>
  );
}

function ShareBody({ token }: { token: string }) {
  const t = useT();
  const query = useQuery({ queryKey: queryKeys.publicShare(token), queryFn: () => openPublicShare(token) });
  const state = query.data;
  const refresh = () => void query.refetch();

  let body;
  if (query.isPending) body = <Spinner className="mx-auto my-24 size-6" label={t("common.loading")} />;
  else if (query.isError) body = <ErrorState title={t("public.errorTitle")} message={errorMessage(query.error, t("common.unknownError"))} onRetry={refresh} />;
  else if (state?.kind === "password") body = <PasswordGate token={token} onUnlocked={refresh} />;
  else if (state?.kind === "gone") body = <ShareUnavailable kind="gone" />;
  else if (state?.kind === "not-found") body = <ShareUnavailable kind="not-found" />;
  else if (state?.kind === "ready") body = <ReadyShare share={state.share} onStale={refresh} />;

  return (
    <div className="flex min-h-dvh flex-col" data-testid="public-share">
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-4 sm:px-6 dark:border-zinc-800">
        <Logo label={t("app.name")} />
        <LanguageSelect />
      </header>
      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col px-3 py-4 sm:px-6 sm:py-6">{body}</main>
      <footer className="px-4 py-4 text-center text-xs text-zinc-500 dark:text-zinc-400">{t("public.footer")}</footer>
    </div>
  );
}

function ReadyShare({ share, onStale }: { share: PublicShare; onStale: () => void }) {
  const t = useT();
  const locale = useLocale();
  const notes = [t("public.sharedBy", { name: share.ownerName })];
  if (share.expiresAt) notes.push(t("public.expires", { date: formatDateTime(share.expiresAt, locale) }));
  if (share.downloadsLeft !== null) notes.push(t("public.downloadsLeft", { count: share.downloadsLeft }));
  return (
    <div className="flex flex-1 flex-col gap-4" data-mode={share.mode} data-testid="public-ready">
      <div className="min-w-0">
        <h1 className="truncate text-lg font-semibold sm:text-xl" data-testid="public-name" title={share.name}>
          {share.name}
        </h1>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{notes.join(" · ")}</p>
      </div>
      {!share.isFolder ? (
        <PublicFile share={share} entry={share.root} />
      ) : share.mode === "upload" ? (
        <UploadDrop token={share.token} parentId={null} sizeLimit={share.uploadSizeLimit} blind />
      ) : (
        <PublicFolder share={share} onStale={onStale} />
      )}
    </div>
  );
}
