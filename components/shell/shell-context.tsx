"use client";

import { createContext, useContext } from "react";

export type ShellUser = { id: number; username: string; displayName: string; role: "admin" | "user" | "partner"; avatarEtag?: string | null };

type ShellValue = { user: ShellUser; openNav: () => void };

export const ShellContext = createContext<ShellValue | null>(null);

export function useShell(): ShellValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error("useShell() must be used inside <AppShell>");
  return value;
}
