import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "@/lib/domain/errors";
import { MIN_PASSWORD_LENGTH } from "@/lib/domain/password-policy";
import { isCommonPassword } from "./common-passwords";

/** Argon2id hashes for account and app passwords. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** The site password policy (Admin → Settings); every new password must pass it. */
export interface PasswordPolicy {
  /** characters at least */
  minLength: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: MIN_PASSWORD_LENGTH };

/** Throws INVALID_INPUT unless the password is long enough, not too long, and not one of the most common passwords. */
export function assertPasswordPolicy(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): void {
  if ([...password].length < policy.minLength) throw new DomainError("INVALID_INPUT", `A password needs at least ${policy.minLength} characters.`, { reason: "too-short", minLength: policy.minLength });
  if (Buffer.byteLength(password) > 1024) throw new DomainError("INVALID_INPUT", "That password is too long.", { reason: "too-long" });
  if (isCommonPassword(password)) throw new DomainError("INVALID_INPUT", "That password is one of the most common passwords. Choose another.", { reason: "common" });
}
