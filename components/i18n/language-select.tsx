"use client";

import { useId } from "react";
import { Languages } from "lucide-react";
import { useChangeLocale } from "@/lib/client/use-change-locale";
import { isLocale, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";
import { useLocale, useT } from "@/lib/i18n/provider";

/** A compact language picker for pages without the account menu (sign-in, setup). */
export function LanguageSelect({ signedIn = false }: { signedIn?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const { change, pending } = useChangeLocale(signedIn);
  return (
    <div className="inline-flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-400">
      <Languages className="size-4" aria-hidden />
      <label htmlFor={id} className="sr-only">
        {t("locale.label")}
      </label>
      <select
        id={id}
        data-testid="language-select"
        value={locale}
        disabled={pending}
        onChange={(event) => {
          if (isLocale(event.target.value)) void change(event.target.value);
        }}
        className="rounded-md bg-transparent py-1 pr-1 text-sm hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        {LOCALES.map((value) => (
          <option key={value} value={value}>
            {LOCALE_NAMES[value]}
          </option>
        ))}
      </select>
    </div>
  );
}
