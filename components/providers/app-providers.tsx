"use client";

import { useState, type ReactNode } from "react";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ToastProvider } from "@/components/ui/toast-provider";
import { ApiError } from "@/lib/client/api";
import type { Locale } from "@/lib/i18n/locale";
import { I18nProvider } from "@/lib/i18n/provider";

function redirectToLoginOn401(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && !window.location.pathname.startsWith("/login")) {
    window.location.assign("/login");
  }
}

/** Retry a failed query twice, but not a 4xx: asking again gets the same answer. */
export function retryUnlessClientError(failures: number, error: unknown) {
  return !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2;
}

function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectToLoginOn401 }),
    mutationCache: new MutationCache({ onError: redirectToLoginOn401 }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: retryUnlessClientError,
      },
    },
  });
}

export function AppProviders({ locale, children }: { locale: Locale; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nProvider locale={locale}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
