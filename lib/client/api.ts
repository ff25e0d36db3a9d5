/**
 * One fetch wrapper for the browser. Resolves with the parsed JSON body (or undefined for 204)
 * and rejects with an ApiError carrying the server's `{ error: { code, message } }`.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type ApiInit = Omit<RequestInit, "body"> & { json?: unknown };

export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        ...(json === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch {
    throw new ApiError("Network error", 0, "NETWORK");
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function toApiError(response: Response): Promise<ApiError> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(body.error?.message || fallback, response.status, body.error?.code || "HTTP_" + response.status);
  } catch {
    return new ApiError(fallback, response.status, "HTTP_" + response.status);
  }
}

/** The server's message for any thrown value (ApiError, tus error, plain Error). */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.code === "NETWORK") return fallback;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
