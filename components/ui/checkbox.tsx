import { useEffect, useRef, type InputHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  label: string;
  indeterminate?: boolean;
};

/** A checkbox whose label is for screen readers only (rows and headers show no text next to it). */
export function Checkbox({ label, indeterminate = false, className, ...rest }: CheckboxProps) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      className={cn("size-4 cursor-pointer rounded border-zinc-300 accent-brand-600 dark:accent-brand-500", className)}
      {...rest}
    />
  );
}
