import { DomainError } from "@/lib/domain/errors";

/** The DomainError code a promise rejects with, or "OK" when it resolves; any other error is rethrown. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return "OK";
}
