"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { useT } from "@/lib/i18n/provider";

/** The centred text link (or link-styled button) under a sign-in card's form. */
export const authLinkClass = "block w-full text-center text-sm font-medium text-brand-600 hover:underline dark:text-brand-400";

export function AuthLink({ href, children, testId }: { href: string; children: ReactNode; testId?: string }) {
  return (
    <Link href={href} className={authLinkClass} data-testid={testId}>
      {children}
    </Link>
  );
}

export function BackToSignIn() {
  const t = useT();
  return <AuthLink href="/login">{t("reset.backToSignIn")}</AuthLink>;
}
