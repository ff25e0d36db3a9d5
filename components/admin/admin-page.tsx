"use client";

import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { TitledPage } from "@/components/shell/titled-page";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

/** The frame of an admin page: header, document title, and the loading and error states of its main query. */
export function AdminPage<T>({ title, actions, query, children }: { title: MessageKey; actions?: ReactNode; query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  return (
    <TitledPage title={title} actions={actions} bodyClassName="px-4 py-5 sm:px-6">
      {query.isPending ? (
        <SkeletonRows label={t("common.loading")} />
      ) : query.isError ? (
        <ErrorState title={t("dash.loadError")} message={errorMessage(query.error, t("common.unknownError"))} onRetry={() => void query.refetch()} />
      ) : (
        children(query.data)
      )}
    </TitledPage>
  );
}

export function Card({ title, children, testId, className }: { title?: string; children: ReactNode; testId?: string; className?: string }) {
  return (
    <section data-testid={testId} className={`rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/60 ${className ?? ""}`}>
      {title && <h2 className="mb-3 text-sm font-semibold text-zinc-700 dark:text-zinc-300">{title}</h2>}
      {children}
    </section>
  );
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/60">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}
