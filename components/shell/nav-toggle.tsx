"use client";

import { Menu as MenuIcon } from "lucide-react";
import { useShell } from "@/components/shell/shell-context";
import { IconButton } from "@/components/ui/icon-button";
import { useT } from "@/lib/i18n/provider";

/** The hamburger button that opens the navigation drawer; only on narrow screens. */
export function NavToggle() {
  const t = useT();
  const { openNav } = useShell();
  return (
    <IconButton label={t("nav.openMenu")} onClick={openNav} className="-ml-1 md:hidden" data-testid="nav-toggle">
      <MenuIcon className="size-5" aria-hidden />
    </IconButton>
  );
}
