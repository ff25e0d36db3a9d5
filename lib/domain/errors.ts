/** The closed set of rule failures a service may raise; each adapter maps them to its protocol once. */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "QUOTA_EXCEEDED"
  | "TOO_LARGE"
  | "INVALID_NAME"
  | "INVALID_INPUT"
  | "LOCKED"
  | "PRECONDITION_FAILED"
  | "THROTTLED"
  | "STORAGE_ERROR"
  /** a share link that expired or used up its downloads */
  | "GONE"
  /** a password-protected share link without a valid password cookie */
  | "PASSWORD_REQUIRED"
  /** a service the request needs (the mail server) is not set up or not reachable */
  | "UNAVAILABLE"
  /** the password was right; the account's second factor (TOTP or recovery code) is still needed */
  | "SECOND_FACTOR_REQUIRED";

/** Recognises DomainErrors across module copies (Next's bundle and the server bundle each load this file). */
const BRAND = Symbol.for("haven.DomainError");

export class DomainError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** HTTP status for each code (REST, tus and downloads share it; WebDAV has its own mapper). */
export const httpStatusOf: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  QUOTA_EXCEEDED: 507,
  TOO_LARGE: 413,
  INVALID_NAME: 400,
  INVALID_INPUT: 400,
  LOCKED: 423,
  PRECONDITION_FAILED: 412,
  THROTTLED: 429,
  STORAGE_ERROR: 503,
  GONE: 410,
  PASSWORD_REQUIRED: 401,
  UNAVAILABLE: 503,
  SECOND_FACTOR_REQUIRED: 401,
};
