import { cn } from "@/components/ui/cn";

type ProgressBarProps = {
  /** 0..1 */
  value: number;
  label: string;
  tone?: "brand" | "warning" | "danger" | "success" | "muted";
  className?: string;
};

const tones = {
  brand: "bg-brand-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
  success: "bg-emerald-500",
  muted: "bg-zinc-400 dark:bg-zinc-500",
};

export function ProgressBar({ value, label, tone = "brand", className }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 1000) / 10;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className={cn("h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800", className)}
    >
      <div className={cn("h-full rounded-full transition-[width] duration-300", tones[tone])} style={{ width: `${percent}%` }} />
    </div>
  );
}
