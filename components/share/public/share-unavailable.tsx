"use client";

import { Clock, Link2Off } from "lucide-react";
import { useT } from "@/lib/i18n/provider";

/** 410 (expired or used up) and 404 (unknown or revoked) get a calm page, not an error. */
export function ShareUnavailable({ kind }: { kind: "gone" | "not-found" }) {
  const t = useT();
  const gone = kind === "gone";
  return (
    <div className="flex flex-col items-center px-6 py-20 text-center" data-testid={gone ? "share-gone" : "share-not-found"}>
      <div className="mb-4 flex size-14 items-center justify-center rounded-2xl bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
        {gone ? <Clock className="size-7" aria-hidden /> : <Link2Off className="size-7" aria-hidden />}
      </div>
      <h1 className="text-lg font-semibold">{gone ? t("public.goneTitle") : t("public.notFoundTitle")}</h1>
      <p className="mt-1 max-w-sm text-sm text-balance text-zinc-500 dark:text-zinc-400">{gone ? t("public.goneHint") : t("public.notFoundHint")}</p>
    </div>
  );
}
