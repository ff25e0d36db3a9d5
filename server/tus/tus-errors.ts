import { errorResponseOf } from "@/lib/http/errors";

/** tus hooks and stores reject by throwing `{ status_code, body }`; the body is the shared JSON error. */
export function tusError(e: unknown): { status_code: number; body: string } {
  const { status, body } = errorResponseOf(e);
  return { status_code: status, body: JSON.stringify(body) };
}
