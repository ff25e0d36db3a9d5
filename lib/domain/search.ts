import { extensionsOfKind, fileKind, type FileKind } from "./file-kind";

/** The type filter of a search: a coarser grouping of lib/domain/file-kind.ts's kinds. */
export const SEARCH_TYPES = ["folder", "image", "video", "audio", "document", "archive"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

const KINDS: Record<Exclude<SearchType, "folder">, FileKind[]> = {
  image: ["image"],
  video: ["video"],
  audio: ["audio"],
  document: ["pdf", "text", "document", "spreadsheet", "presentation"],
  archive: ["archive"],
};

/**
 * What a database can test for a type, as a superset of fileKind's verdict (MIME type prefixes and exact types, or
 * name extensions); the service then keeps only rows whose fileKind is of the type (matchesType).
 */
export interface TypeMatcher {
  folder: boolean;
  mimePrefixes: string[];
  mimeTypes: string[];
  /** lower case MIME type fragments (office formats) */
  mimeFragments: string[];
  extensions: string[];
}

export function typeMatcher(type: SearchType): TypeMatcher {
  if (type === "folder") return { folder: true, mimePrefixes: [], mimeTypes: [], mimeFragments: [], extensions: [] };
  const kinds = KINDS[type];
  const prefixes = kinds.filter((k) => k === "image" || k === "video" || k === "audio").map((k) => `${k}/`);
  if (kinds.includes("text")) prefixes.push("text/");
  const mimeTypes = kinds.includes("pdf") ? ["application/pdf", "application/rtf"] : [];
  const fragments = type === "document" ? ["wordprocessingml", "msword", "opendocument", "spreadsheetml", "ms-excel", "presentationml", "ms-powerpoint"] : type === "archive" ? ["zip", "compressed", "x-tar", "x-7z", "x-rar", "gzip"] : [];
  return { folder: false, mimePrefixes: prefixes, mimeTypes, mimeFragments: fragments, extensions: kinds.flatMap(extensionsOfKind) };
}

/** Whether a node is of the type, by the same rule as its icon (fileKind). */
export function matchesType(node: { isFolder: boolean; name: string; mimeType: string | null }, type: SearchType): boolean {
  const kind = fileKind(node);
  return type === "folder" ? kind === "folder" : kind !== "folder" && KINDS[type].includes(kind);
}

/** Files whose text the search.index job extracts: plain text and Markdown, PDF, and Office documents. */
export type TextFormat = "text" | "pdf" | "docx" | "xlsx" | "pptx" | "opendocument";

const FORMAT_BY_EXTENSION: Record<string, TextFormat> = {
  txt: "text", md: "text", markdown: "text", csv: "text", tsv: "text", log: "text", json: "text", xml: "text", html: "text", htm: "text",
  pdf: "pdf", docx: "docx", xlsx: "xlsx", xlsm: "xlsx", pptx: "pptx", odt: "opendocument", ods: "opendocument", odp: "opendocument",
};

/** The text format of a file by its name (and MIME type for text/*), or null when its text is not indexed. */
export function textFormatOf(node: { isFolder: boolean; name: string; mimeType: string | null }): TextFormat | null {
  if (node.isFolder) return null;
  const dot = node.name.lastIndexOf(".");
  const byExtension = dot > 0 ? FORMAT_BY_EXTENSION[node.name.slice(dot + 1).toLowerCase()] : undefined;
  if (byExtension) return byExtension;
  return node.mimeType?.startsWith("text/") ? "text" : null;
}

/** The most extracted text kept per file (characters): enough for real documents, bounded for the index. */
export const MAX_INDEXED_CHARS = 200_000;
