"use client";

import { useCallback, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { updateMyLocale } from "@/lib/client/account-api";
import { queryKeys } from "@/lib/client/query-keys";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locale";

/**
 * Switches the UI language: remembers it in the `haven-locale` cookie, saves it to the account when
 * signed in (the saved locale wins over the cookie), then re-renders the server tree.
 */
export function useChangeLocale(signedIn: boolean) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();

  const change = useCallback(
    async (locale: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
      if (signedIn) {
        try {
          const me = await updateMyLocale(locale);
          queryClient.setQueryData(queryKeys.me, me);
        } catch {
          // The cookie still applies for this browser; the account keeps its old choice.
        }
      }
      startTransition(() => router.refresh());
    },
    [signedIn, router, queryClient],
  );

  return { change, pending };
}
