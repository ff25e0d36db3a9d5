"use client";

import { useState } from "react";
import { Check } from "lucide-react";
import { MenuItem, MenuLabel } from "@/components/ui/menu";
import { applyTheme, readTheme, THEMES, type Theme } from "@/lib/client/theme";
import { useT } from "@/lib/i18n/provider";

const LABEL = { system: "theme.system", light: "theme.light", dark: "theme.dark" } as const;

/** The account menu's theme choice: system, light or dark (per browser). */
export function ThemeMenuItems() {
  const t = useT();
  const [theme, setTheme] = useState<Theme>(readTheme);
  const choose = (value: Theme) => {
    applyTheme(value);
    setTheme(value);
  };
  return (
    <>
      <MenuLabel>{t("theme.label")}</MenuLabel>
      {THEMES.map((value) => (
        <MenuItem key={value} icon={value === theme ? <Check /> : null} onSelect={() => choose(value)} testId={`theme-${value}`}>
          {t(LABEL[value])}
        </MenuItem>
      ))}
    </>
  );
}
