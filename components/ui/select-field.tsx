import { useId, type SelectHTMLAttributes } from "react";
import { inputClass } from "@/components/ui/text-field";

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  label: string;
  hint?: string;
  options: { value: string | number; label: string }[];
  /** shown as the only option when there are none */
  emptyLabel?: string;
};

/** A labelled native <select> styled like TextField. */
export function SelectField({ label, hint, options, emptyLabel, ...rest }: SelectFieldProps) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <select id={id} className={inputClass} {...rest}>
        {options.length === 0 && emptyLabel && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
    </div>
  );
}
