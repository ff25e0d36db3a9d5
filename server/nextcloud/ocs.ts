import type { IncomingMessage, ServerResponse } from "node:http";
import { ZodError } from "zod";
import { httpStatusOf, isDomainError } from "@/lib/domain/errors";

/** Nextcloud's special OCS status for "not signed in" (OCSController::RESPOND_UNAUTHORISED): HTTP 401 in v1 and v2. */
export const OCS_UNAUTHORISED = 997;

export type OcsVersion = 1 | 2;
export type OcsFormat = "json" | "xml";

/** An OCS answer before its envelope: the status Nextcloud's controller would set (200 = OK), a message, data. */
export interface OcsResult {
  status: number;
  message?: string;
  data: unknown;
}

/** `format=json|xml`, else the Accept header (json when it names json), else xml, as Nextcloud's OCS responder. */
export function ocsFormatOf(req: IncomingMessage, url: URL): OcsFormat {
  const format = url.searchParams.get("format");
  if (format === "json" || format === "xml") return format;
  return /json/i.test(req.headers.accept ?? "") ? "json" : "xml";
}

/**
 * The HTTP status and OCS statuscode of a result. v1 answers HTTP 200 for everything but 997 (401), with statuscode
 * 100 for OK; v2 uses the status as both (997 → 401, unknown codes outside 200–600 → 400).
 */
export function ocsStatus(version: OcsVersion, status: number): { http: number; code: number } {
  if (status === OCS_UNAUTHORISED) return { http: 401, code: OCS_UNAUTHORISED };
  if (version === 1) return { http: 200, code: status === 200 ? 100 : status };
  return { http: status < 200 || status > 600 ? 400 : status, code: status };
}

/** The `{ ocs: { meta, data } }` document of a result. */
export function ocsDocument(version: OcsVersion, result: OcsResult) {
  const { code } = ocsStatus(version, result.status);
  const ok = version === 1 ? code === 100 : code >= 200 && code < 300;
  const meta: Record<string, string | number> = { status: ok ? "ok" : "failure", statuscode: code, message: ok ? "OK" : (result.message ?? "") };
  if (version === 1) Object.assign(meta, { totalitems: "", itemsperpage: "" });
  return { ocs: { meta, data: result.data } };
}

/** Writes a result in its envelope (JSON or XML). */
export function sendOcs(res: ServerResponse, version: OcsVersion, format: OcsFormat, result: OcsResult, headers: Record<string, string> = {}): void {
  const doc = ocsDocument(version, result);
  const body = format === "json" ? JSON.stringify(doc) : `<?xml version="1.0"?>\n${toXml(doc, 0)}`;
  res.writeHead(ocsStatus(version, result.status).http, {
    "Content-Type": format === "json" ? "application/json; charset=utf-8" : "application/xml; charset=utf-8",
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(body);
}

/** A thrown error as an OCS result: domain codes keep their HTTP status, sign-in failures are 997. */
export function ocsErrorOf(e: unknown): OcsResult & { headers?: Record<string, string> } {
  if (isDomainError(e)) {
    if (e.code === "UNAUTHENTICATED") return { status: OCS_UNAUTHORISED, message: e.message, data: [] };
    const retryAfter = e.details?.retryAfter;
    return { status: httpStatusOf[e.code], message: e.message, data: [], headers: typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : undefined };
  }
  if (e instanceof ZodError) return { status: 400, message: e.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "), data: [] };
  console.error(e);
  return { status: 500, message: "Something went wrong on the server.", data: [] };
}

/**
 * Nextcloud's XML writer: object keys become elements, list items `<element>`, true "1", false and null empty.
 */
export function toXml(value: unknown, depth: number, name?: string): string {
  const pad = " ".repeat(depth);
  if (name === undefined) return Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(v, depth, k)).join("");
  if (Array.isArray(value) && value.length === 0) return `${pad}<${name}/>\n`;
  if (Array.isArray(value)) return `${pad}<${name}>\n${value.map((v) => toXml(v, depth + 1, "element")).join("")}${pad}</${name}>\n`;
  if (value !== null && typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(v, depth + 1, k)).join("");
    return inner === "" ? `${pad}<${name}/>\n` : `${pad}<${name}>\n${inner}${pad}</${name}>\n`;
  }
  const text = value === true ? "1" : value === false || value === null || value === undefined ? "" : String(value);
  return text === "" ? `${pad}<${name}/>\n` : `${pad}<${name}>${escapeXml(text)}</${name}>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}
