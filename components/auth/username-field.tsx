import type { ComponentProps } from "react";
import { TextField } from "@/components/ui/text-field";

/** A username (or "username or email") input: required, no capitals or spell check, the browser's saved username. */
export function UsernameField(props: ComponentProps<typeof TextField>) {
  return <TextField autoComplete="username" autoCapitalize="none" spellCheck={false} required {...props} />;
}
