import { Upload } from "lucide-react";

/** Shown over the list while files are dragged over it. */
export function DropOverlay({ message }: { message: string }) {
  return (
    <div
      data-testid="drop-overlay"
      className="pointer-events-none absolute inset-2 z-20 flex items-start justify-center rounded-2xl border-2 border-dashed border-brand-500 bg-brand-50/40 pt-14 dark:bg-brand-950/30"
    >
      <div className="flex items-center gap-2 rounded-full bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-lg">
        <Upload className="size-4" aria-hidden />
        <span className="max-w-[70vw] truncate">{message}</span>
      </div>
    </div>
  );
}
