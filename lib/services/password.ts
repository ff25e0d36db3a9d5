import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "@/lib/domain/errors";
import { MIN_PASSWORD_LENGTH as MIN_LENGTH } from "@/lib/domain/password-policy";

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

/** The site password policy. */
export function assertPasswordPolicy(password: string): void {
  if (password.length < MIN_LENGTH) throw new DomainError("INVALID_INPUT", `A password needs at least ${MIN_LENGTH} characters.`);
  if (Buffer.byteLength(password) > 1024) throw new DomainError("INVALID_INPUT", "That password is too long.");
}
