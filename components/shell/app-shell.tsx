"use client";

import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { MobileDrawer } from "@/components/shell/mobile-drawer";
import { ShellContext, type ShellUser } from "@/components/shell/shell-context";
import { Sidebar } from "@/components/shell/sidebar";
import { UploadPanel } from "@/components/upload/upload-panel";
import { UploadProvider } from "@/components/upload/upload-provider";
import { DESKTOP_QUERY, useMediaQuery } from "@/lib/client/use-media-query";

/** Signed-in frame: sidebar (a drawer on phones), the page, and the upload panel that survives navigation. */
export function AppShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(false);
  const pathname = usePathname();
  // Only one Sidebar is mounted at a time, so test ids and landmarks are never duplicated.
  const isDesktop = useMediaQuery(DESKTOP_QUERY, true);
  const openNav = useCallback(() => setNavOpen(true), []);
  const value = useMemo(() => ({ user, openNav }), [user, openNav]);

  // eslint-disable-next-line react-hooks/set-state-in-effect -- a navigation closes the phone drawer
  useEffect(() => setNavOpen(false), [pathname]);

  return (
    <ShellContext.Provider value={value}>
      <UploadProvider>
        <div className="flex h-dvh overflow-hidden">
          <aside className="hidden w-64 shrink-0 border-r border-zinc-200 bg-zinc-50 md:block dark:border-zinc-800 dark:bg-zinc-900/60">
            {isDesktop && <Sidebar />}
          </aside>
          <MobileDrawer open={navOpen} onClose={() => setNavOpen(false)}>
            {navOpen && !isDesktop && <Sidebar />}
          </MobileDrawer>
          <div className="flex min-w-0 flex-1 flex-col">{children}</div>
        </div>
        <UploadPanel />
      </UploadProvider>
    </ShellContext.Provider>
  );
}
