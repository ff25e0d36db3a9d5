"use client";

import { useEffect, useRef, useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { useT } from "@/lib/i18n/provider";

type CopyButtonProps = {
  text: string;
  testId?: string;
  /** What the button says before copying ("Copy" unless given). */
  label?: string;
  /** Only the icon, with the label as its tooltip and accessible name. */
  iconOnly?: boolean;
  size?: "sm" | "md";
};

async function writeClipboard(text: string) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (plain http, old browser): fall back to a selected hidden field.
    const field = document.createElement("textarea");
    field.value = text;
    document.body.appendChild(field);
    field.select();
    document.execCommand("copy");
    field.remove();
  }
}

/** Copies `text` in one click and says so for a moment. */
export function CopyButton({ text, testId, label, iconOnly, size = "sm" }: CopyButtonProps) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    await writeClipboard(text);
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), 1500);
  };
  const shown = copied ? t("common.copied") : (label ?? t("common.copy"));
  const icon = copied ? <Check className="size-4 text-emerald-500" aria-hidden /> : <Copy className="size-4" aria-hidden />;

  if (iconOnly) {
    return (
      <IconButton size={size} label={shown} onClick={() => void copy()} data-testid={testId}>
        {icon}
      </IconButton>
    );
  }
  return (
    <Button size={size} onClick={() => void copy()} data-testid={testId} icon={icon}>
      {shown}
    </Button>
  );
}
