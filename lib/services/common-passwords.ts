import "server-only";
import { dictionary } from "@zxcvbn-ts/language-common";

/** How many of the most common passwords are refused (the list is ordered by frequency in leaks). */
const REFUSED = 10_000;

let refused: Set<string> | undefined;

/**
 * Whether a password is among the 10,000 most common ones in leaked-password lists (the list that
 * @zxcvbn-ts/language-common maintains), compared case-insensitively.
 */
export function isCommonPassword(password: string): boolean {
  refused ??= new Set((dictionary["passwords-common"] as string[]).slice(0, REFUSED).map((p) => p.toLowerCase()));
  return refused.has(password.toLowerCase());
}
