"use client";

import { CircleCheck, CircleMinus, CircleX } from "lucide-react";
import type { ProbeResult } from "@/lib/client/storage-api";
import { useT } from "@/lib/i18n/provider";

/** The steps of a connection test: each with its outcome, time, and the reason when it failed. */
export function PolicyProbe({ result }: { result: ProbeResult }) {
  const t = useT();
  return (
    <div role="status" className="space-y-1.5 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="probe-result" data-ok={result.ok}>
      <p className={result.ok ? "font-medium text-emerald-700 dark:text-emerald-400" : "font-medium text-red-700 dark:text-red-400"}>
        {t(result.ok ? "storage.testOk" : "storage.testFailed")}
      </p>
      <ol className="space-y-1">
        {result.steps.map((s) => (
          <li key={s.step} className="flex items-start gap-2" data-testid={`probe-${s.step}`} data-ok={s.ok}>
            {s.ok ? (
              <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden />
            ) : s.skipped ? (
              <CircleMinus className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden />
            ) : (
              <CircleX className="mt-0.5 size-4 shrink-0 text-red-600 dark:text-red-400" aria-hidden />
            )}
            <span className="min-w-0">
              <span>{t(`storage.step.${s.step}`)}</span>
              <span className="ml-2 text-xs text-zinc-500 tabular-nums">{s.skipped ? t("storage.skipped") : `${s.ms} ms`}</span>
              {s.error && <span className="block break-words text-red-700 dark:text-red-300">{s.error}</span>}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
