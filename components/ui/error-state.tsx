"use client";

import type { ReactNode } from "react";
import { CircleAlert, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/provider";

export function ErrorState({ title, message, onRetry, extra }: { title: string; message: string; onRetry?: () => void; extra?: ReactNode }) {
  const t = useT();
  return (
    <div role="alert" data-testid="error-state" className="flex flex-col items-center justify-center px-6 py-16 text-center">
      <div className="mb-4 flex size-14 items-center justify-center rounded-2xl bg-red-50 text-red-600 dark:bg-red-950/50 dark:text-red-400">
        <CircleAlert className="size-7" aria-hidden />
      </div>
      <h2 className="text-base font-semibold">{title}</h2>
      <p className="mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{message}</p>
      <div className="mt-5 flex gap-2">
        {onRetry && (
          <Button onClick={onRetry} icon={<RotateCw className="size-4" aria-hidden />}>
            {t("common.retry")}
          </Button>
        )}
        {extra}
      </div>
    </div>
  );
}
