import type { IncomingMessage } from "node:http";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { DomainError } from "@/lib/domain/errors";

export const DAV_NS = "DAV:";
export const OC_NS = "http://owncloud.org/ns";
export const NC_NS = "http://nextcloud.org/ns";

/** An element of a parsed request body, with its namespace resolved. */
export interface XmlElement {
  ns: string;
  local: string;
  attrs: { ns: string; local: string; value: string }[];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/** Request bodies (PROPFIND, PROPPATCH, LOCK) larger than this are refused with 413. */
export const MAX_XML_BODY = 1024 * 1024;
const MAX_DEPTH = 64;
const XMLNS_URI = "http://www.w3.org/2000/xmlns/";

/** Reads a whole request body as UTF-8 text, refusing more than `limit` bytes (TOO_LARGE) and invalid UTF-8. */
export async function readTextBody(req: IncomingMessage, limit = MAX_XML_BODY): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new DomainError("TOO_LARGE", `The request body may be at most ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DomainError("TOO_LARGE", `The request body may be at most ${limit} bytes.`);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError("INVALID_INPUT", "The request body is not valid UTF-8.");
  }
}

/**
 * Parses an XML document with namespaces resolved (saxes: strict XML 1.0 well-formedness and Namespaces in XML).
 * Document type declarations are refused, so no entity is ever expanded. Any problem is INVALID_INPUT (400).
 */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.on("error", (e) => {
    failure ??= e;
  });
  parser.on("doctype", () => {
    failure ??= new Error("document type declarations are not accepted");
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const el: XmlElement = {
      ns: tag.uri ?? "",
      local: tag.local ?? tag.name,
      attrs: Object.values(tag.attributes)
        .filter((a) => a.uri !== XMLNS_URI && a.name !== "xmlns")
        .map((a) => ({ ns: a.uri ?? "", local: a.local, value: a.value })),
      children: [],
    };
    if (stack.length >= MAX_DEPTH) failure ??= new Error("the document is nested too deeply");
    stack.at(-1)?.children.push(el);
    if (stack.length === 0) root = el;
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.children.push(t);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  try {
    parser.write(text).close();
  } catch (e) {
    failure ??= e as Error;
  }
  if (failure || !root) throw new DomainError("INVALID_INPUT", `The XML body is malformed${failure ? `: ${(failure as Error).message}` : "."}`);
  return root;
}

/** Child elements only (text and whitespace dropped). */
export function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== "string");
}

export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return elements(el).find((c) => c.ns === ns && c.local === local);
}

export function is(el: XmlElement | undefined, ns: string, local: string): boolean {
  return !!el && el.ns === ns && el.local === local;
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

/** Escapes text for element content or attribute values, dropping characters XML 1.0 cannot carry. */
export function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Escapes an attribute value (double-quoted). */
export function escAttr(text: string): string {
  return esc(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

/**
 * Serializes nodes as self-contained XML: every element declares its own default namespace, and namespaced
 * attributes get local prefixes, so the text can be placed inside any other element unchanged.
 */
export function serialize(nodes: XmlNode[]): string {
  return nodes.map((n) => (typeof n === "string" ? esc(n) : serializeElement(n))).join("");
}

function serializeElement(el: XmlElement): string {
  const parts = [`xmlns="${escAttr(el.ns)}"`];
  el.attrs.forEach((a, i) => {
    if (a.ns === "") parts.push(`${a.local}="${escAttr(a.value)}"`);
    else if (a.ns === "http://www.w3.org/XML/1998/namespace") parts.push(`xml:${a.local}="${escAttr(a.value)}"`);
    else parts.push(`xmlns:a${i}="${escAttr(a.ns)}" a${i}:${a.local}="${escAttr(a.value)}"`);
  });
  const open = `${el.local} ${parts.join(" ")}`;
  return el.children.length === 0 ? `<${open}/>` : `<${open}>${serialize(el.children)}</${el.local}>`;
}

/** The start and end tags for a property named (ns, local), with the namespace declared on it when not DAV:. */
export function propTags(ns: string, local: string): [string, string] {
  if (ns === DAV_NS) return [`<d:${local}>`, `</d:${local}>`];
  if (ns === OC_NS) return [`<oc:${local}>`, `</oc:${local}>`];
  if (ns === NC_NS) return [`<nc:${local}>`, `</nc:${local}>`];
  if (ns === "") return [`<${local} xmlns="">`, `</${local}>`];
  return [`<x:${local} xmlns:x="${escAttr(ns)}">`, `</x:${local}>`];
}

/** An empty property element, e.g. for propname answers and 404 propstats. */
export function emptyProp(ns: string, local: string): string {
  const [open] = propTags(ns, local);
  return `${open.slice(0, -1)}/>`;
}
