import type { ReactNode } from "react";

export function EmptyState({ icon, title, hint, action }: { icon: ReactNode; title: string; hint?: string; action?: ReactNode }) {
  return (
    <div data-testid="empty-state" className="flex flex-col items-center justify-center px-6 py-16 text-center">
      <div className="mb-4 flex size-14 items-center justify-center rounded-2xl bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
        {icon}
      </div>
      <h2 className="text-base font-semibold">{title}</h2>
      {hint && <p className="mt-1 max-w-sm text-sm text-zinc-500 dark:text-zinc-400">{hint}</p>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}
