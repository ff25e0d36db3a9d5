"use client";

import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { LanguageSelect } from "@/components/i18n/language-select";
import { useT } from "@/lib/i18n/provider";

/** The frame of the sign-in and setup pages: logo, language picker and a centred card. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="flex min-h-dvh flex-col bg-zinc-50 dark:bg-zinc-950">
      <header className="flex items-center justify-between px-5 py-4 sm:px-8">
        <Logo label={t("app.name")} />
        <LanguageSelect />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-sm">
          <div className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
            <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{subtitle}</p>
            <div className="mt-6">{children}</div>
          </div>
          <p className="mt-6 text-center text-xs text-zinc-500 dark:text-zinc-500">{t("app.tagline")}</p>
        </div>
      </main>
    </div>
  );
}
