import { ZodError } from "zod";
import { httpStatusOf, isDomainError } from "@/lib/domain/errors";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The one mapper from thrown errors to an HTTP status and JSON body (REST, tus, downloads). */
export function errorResponseOf(e: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (isDomainError(e)) {
    const retryAfter = e.details?.retryAfter;
    return {
      status: httpStatusOf[e.code],
      body: { error: { code: e.code, message: e.message } },
      headers: typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : undefined,
    };
  }
  if (e instanceof ZodError) {
    const message = e.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return { status: 422, body: { error: { code: "INVALID_INPUT", message, details: e.issues } } };
  }
  if (e instanceof SyntaxError) return { status: 400, body: { error: { code: "INVALID_INPUT", message: "The request body is not valid JSON." } } };
  console.error(e);
  return { status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on the server." } } };
}
