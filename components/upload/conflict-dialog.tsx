"use client";

import { useState, type ReactNode } from "react";
import { Copy, Replace } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ConflictPolicy } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

/** `resuming`: names picked again that continue an interrupted upload (they are not asked about). */
export type ConflictRequest = { names: string[]; folderName: string; resuming?: string[] };

/** "report.pdf" → "report (1).pdf": what "Keep both" will produce. */
function numberedName(name: string) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)} (1)${name.slice(dot)}` : `${name} (1)`;
}

const SHOWN_NAMES = 6;

/** Asks, per taken name or once for all, whether an upload keeps both files or replaces the existing one. */
export function ConflictDialog({ request, onResolve }: { request: ConflictRequest; onResolve: (choices: Map<string, ConflictPolicy> | null) => void }) {
  const t = useT();
  const { names, folderName } = request;
  const [index, setIndex] = useState(0);
  const [applyToAll, setApplyToAll] = useState(true);
  const [choices] = useState(() => new Map<string, ConflictPolicy>());
  const current = names[index];

  const choose = (policy: ConflictPolicy) => {
    const targets = applyToAll ? names.slice(index) : [current];
    for (const name of targets) choices.set(name, policy);
    const next = index + targets.length;
    if (next >= names.length) onResolve(choices);
    else setIndex(next);
  };

  const showList = applyToAll || names.length === 1;
  return (
    <Dialog
      open
      onClose={() => onResolve(null)}
      testId="conflict-dialog"
      title={names.length === 1 ? t("conflict.oneTitle", { name: names[0] }) : t("conflict.title", { count: names.length })}
      description={!applyToAll && names.length > 1 ? t("conflict.progress", { index: index + 1, count: names.length }) : undefined}
      footer={
        <Button onClick={() => onResolve(null)} data-testid="conflict-cancel">
          {t("common.cancel")}
        </Button>
      }
    >
      <div className="space-y-4">
        {showList && names.length > 1 ? (
          <div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("conflict.body", { folder: folderName })}</p>
            <ul className="mt-2 max-h-32 space-y-1 overflow-y-auto rounded-lg bg-zinc-50 p-2 text-sm dark:bg-zinc-800/60">
              {names.slice(index, index + SHOWN_NAMES).map((name) => (
                <li key={name} className="truncate font-medium">
                  {name}
                </li>
              ))}
              {names.length - index > SHOWN_NAMES && <li className="text-zinc-500">+{names.length - index - SHOWN_NAMES}</li>}
            </ul>
          </div>
        ) : (
          <p className="truncate rounded-lg bg-zinc-50 px-3 py-2 text-sm font-medium dark:bg-zinc-800/60">{current}</p>
        )}
        <div className="grid gap-2">
          <ChoiceButton
            icon={<Copy className="size-5" aria-hidden />}
            title={t("conflict.keepBoth")}
            hint={t("conflict.keepBothHint", { example: numberedName(current) })}
            onClick={() => choose("rename")}
            testId="conflict-keep-both"
          />
          <ChoiceButton
            icon={<Replace className="size-5" aria-hidden />}
            title={t("conflict.replace")}
            hint={t("conflict.replaceHint")}
            onClick={() => choose("replace")}
            testId="conflict-replace"
          />
        </div>
        {request.resuming && request.resuming.length > 0 && (
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="conflict-resuming">
            {t("conflict.resuming", { count: request.resuming.length, names: request.resuming.join(", ") })}
          </p>
        )}
        {names.length - index > 1 && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={applyToAll}
              onChange={(event) => setApplyToAll(event.target.checked)}
              data-testid="conflict-apply-all"
              className="size-4 accent-brand-600"
            />
            {t("conflict.applyToAll", { count: names.length - index })}
          </label>
        )}
      </div>
    </Dialog>
  );
}

function ChoiceButton({ icon, title, hint, onClick, testId }: { icon: ReactNode; title: string; hint: string; onClick: () => void; testId: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      className="flex items-start gap-3 rounded-xl border border-zinc-200 p-3 text-left transition-colors hover:border-brand-400 hover:bg-brand-50/60 dark:border-zinc-700 dark:hover:border-brand-500 dark:hover:bg-brand-950/30"
    >
      <span className="mt-0.5 text-brand-600 dark:text-brand-400">{icon}</span>
      <span>
        <span className="block text-sm font-semibold">{title}</span>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
      </span>
    </button>
  );
}
