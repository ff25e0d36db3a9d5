import type { ReactNode } from "react";
import { NavToggle } from "@/components/shell/nav-toggle";

/** The top bar of every signed-in page: menu button (mobile), title or breadcrumbs, actions. */
export function PageHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <header className="flex min-h-14 items-center gap-2 border-b border-zinc-200 px-3 py-2 sm:px-5 dark:border-zinc-800">
      <NavToggle />
      <div className="min-w-0 flex-1">{title}</div>
      {actions && <div className="flex shrink-0 items-center gap-1.5 sm:gap-2">{actions}</div>}
    </header>
  );
}
