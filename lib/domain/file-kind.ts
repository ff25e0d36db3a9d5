/** The kind of a file for its icon and viewer, from the MIME type and, failing that, the extension. */
export type FileKind = "folder" | "image" | "video" | "audio" | "pdf" | "text" | "document" | "spreadsheet" | "presentation" | "archive" | "code" | "file";

const BY_EXTENSION: Record<string, FileKind> = {};
const groups: Array<[FileKind, string]> = [
  ["image", "jpg jpeg png gif webp avif heic heif bmp tif tiff svg ico raw cr2 nef dng"],
  ["video", "mp4 mkv mov avi webm m4v wmv flv mpg mpeg 3gp"],
  ["audio", "mp3 flac wav ogg oga m4a aac opus wma aiff"],
  ["pdf", "pdf"],
  ["text", "txt md markdown log csv tsv"],
  ["document", "doc docx odt rtf pages epub"],
  ["spreadsheet", "xls xlsx xlsm ods numbers"],
  ["presentation", "ppt pptx odp key"],
  ["archive", "zip rar 7z tar gz tgz bz2 xz zst iso dmg"],
  ["code", "js mjs cjs ts tsx jsx json html htm css scss py rb go rs java kt c h cpp hpp cs php sh bash zsh ps1 sql yml yaml toml xml ini swift vue svelte lua pl r dart"],
];
for (const [kind, extensions] of groups) for (const extension of extensions.split(" ")) BY_EXTENSION[extension] = kind;

/** Office formats by MIME type (their names contain "xml", which must not make them code). */
const OFFICE: Array<[RegExp, FileKind]> = [
  [/spreadsheetml|ms-excel|opendocument\.spreadsheet/, "spreadsheet"],
  [/presentationml|ms-powerpoint|opendocument\.presentation/, "presentation"],
  [/wordprocessingml|msword|opendocument\.text|^application\/rtf$/, "document"],
];

export function fileKind(node: { isFolder: boolean; name: string; mimeType: string | null }): FileKind {
  if (node.isFolder) return "folder";
  const mime = (node.mimeType ?? "").toLowerCase();
  const dot = node.name.lastIndexOf(".");
  const byExtension = dot > 0 ? BY_EXTENSION[node.name.slice(dot + 1).toLowerCase()] : undefined;
  // ".ts" is TypeScript far more often than an MPEG transport stream (which is what its MIME type says).
  if (byExtension === "code" && mime === "video/mp2t") return "code";
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  if (mime === "application/pdf") return "pdf";
  const office = OFFICE.find(([pattern]) => pattern.test(mime));
  if (office) return office[1];
  if (byExtension) return byExtension;
  if (/zip|compressed|x-tar|x-7z|x-rar|gzip/.test(mime)) return "archive";
  if (/^(text|application)\/(x-)?(javascript|ecmascript|json|xml|sh|python|typescript)$|\+(json|xml)$/.test(mime)) return "code";
  if (mime.startsWith("text/")) return "text";
  return "file";
}

/** The extensions fileKind maps to a kind (lower case, without dots), e.g. for a search filter. */
export function extensionsOfKind(kind: FileKind): string[] {
  return Object.keys(BY_EXTENSION).filter((extension) => BY_EXTENSION[extension] === kind);
}
