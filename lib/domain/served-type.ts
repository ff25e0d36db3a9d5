/**
 * How user content is served over HTTP (browser downloads, share links, WebDAV GET): its Content-Type and whether
 * it may be shown inline. Only passive types are inline: images other than SVG, video, audio, PDF and plain text.
 * Everything else is an attachment, and types that can run script if rendered (HTML, XML of any kind, SVG,
 * JavaScript, MathML, XSLT) are sent as application/octet-stream. Text types say UTF-8.
 */
export type ServedType = { contentType: string; inline: boolean };

const OCTET_STREAM = "application/octet-stream";
const ACTIVE = /^(text\/(html|xml|xsl|xslt|javascript|ecmascript|x-javascript|jscript|mathml|x-mathml)|application\/(xml|xhtml\+xml|javascript|ecmascript|x-javascript|xslt\+xml|mathml\+xml)|[a-z0-9.+-]+\/[a-z0-9.+-]*\+xml)$/;
const INLINE_TEXT = new Set(["text/plain", "text/markdown", "text/x-markdown", "text/csv", "text/tab-separated-values", "text/yaml", "text/x-yaml", "text/x-log"]);

/** Answers per stored type, remembered (a server stores a few dozen types); bounded all the same. */
const MAX_REMEMBERED_TYPES = 500;
const remembered = new Map<string, ServedType>();

/** `mimeType` as stored with the file (a bare type, or with parameters, or nothing). */
export function servedType(mimeType: string | null | undefined): ServedType {
  const key = mimeType ?? "";
  const known = remembered.get(key);
  if (known) return { ...known };
  const served = servedTypeOf(key);
  if (remembered.size >= MAX_REMEMBERED_TYPES) remembered.clear();
  remembered.set(key, served);
  return { ...served };
}

function servedTypeOf(mimeType: string): ServedType {
  const essence = (mimeType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(essence) || ACTIVE.test(essence)) return { contentType: OCTET_STREAM, inline: false };
  const [top] = essence.split("/");
  const inline = INLINE_TEXT.has(essence) || essence === "application/pdf" || top === "video" || top === "audio" || top === "image";
  return { contentType: top === "text" ? `${essence}; charset=utf-8` : essence, inline };
}
