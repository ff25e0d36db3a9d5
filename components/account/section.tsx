import type { ReactNode } from "react";

/** One titled block of a settings page. */
export function SettingsSection({ id, title, hint, children, aside }: { id: string; title: string; hint?: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="border-b border-zinc-200 px-4 py-6 sm:px-6 dark:border-zinc-800" data-testid={`${id}-section`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-sm font-semibold">
            {title}
          </h2>
          {hint && <p className="mt-1 max-w-2xl text-sm text-zinc-500 dark:text-zinc-400">{hint}</p>}
        </div>
        {aside}
      </div>
      <div className="mt-4 max-w-md">{children}</div>
    </section>
  );
}
