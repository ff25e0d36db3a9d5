export function SkeletonRows({ count = 8, label }: { count?: number; label: string }) {
  return (
    <div role="status" aria-label={label} aria-busy="true" data-testid="loading" className="divide-y divide-zinc-100 dark:divide-zinc-800/60">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="flex h-12 items-center gap-3 px-4">
          <div className="size-4 rounded bg-zinc-200 dark:bg-zinc-800" />
          <div className="size-6 animate-pulse rounded-md bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${30 + ((index * 37) % 40)}%` }} />
          <div className="ml-auto hidden h-3 w-16 animate-pulse rounded bg-zinc-200 md:block dark:bg-zinc-800" />
          <div className="hidden h-3 w-28 animate-pulse rounded bg-zinc-200 md:block dark:bg-zinc-800" />
        </div>
      ))}
    </div>
  );
}
