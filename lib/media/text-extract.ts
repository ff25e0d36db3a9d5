import "server-only";
import { unzipSync } from "fflate";
import { MAX_INDEXED_CHARS, type TextFormat } from "@/lib/domain/search";
import { pdfText } from "./pdf-worker";

/** The most bytes read from one file for its text; beyond it the file is skipped (text files: only this much read). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
/** The most bytes one unzipped Office part may have (zip bombs stop here). */
const MAX_PART_BYTES = 32 * 1024 * 1024;

/**
 * The plain text of a file for the search index, at most MAX_INDEXED_CHARS characters. Text: UTF-8 (or UTF-16 with a
 * BOM); PDF: pdf.js' text layer, read in the PDF worker thread (lib/media/pdf-worker.ts); Office (docx, xlsx, pptx,
 * OpenDocument): the text runs of their XML parts, read with fflate. Throws on a damaged file (the job records the error).
 */
export async function extractText(format: TextFormat, bytes: Uint8Array): Promise<string> {
  const text = format === "text" ? decodeText(bytes) : format === "pdf" ? await pdfText(bytes, MAX_INDEXED_CHARS) : officeText(format, bytes);
  return text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text;
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes);
}

/** Which zip parts hold a format's text, in reading order. */
const PARTS: Record<Exclude<TextFormat, "text" | "pdf">, RegExp> = {
  docx: /^word\/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$/,
  // cell text lives in the shared strings (the sheets hold numbers and indexes into them)
  xlsx: /^xl\/sharedStrings\.xml$/,
  pptx: /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/,
  opendocument: /^content\.xml$/,
};

function officeText(format: Exclude<TextFormat, "text" | "pdf">, bytes: Uint8Array): string {
  const wanted = PARTS[format];
  const files = unzipSync(bytes, {
    filter: (file) => {
      if (!wanted.test(file.name)) return false;
      if (file.originalSize > MAX_PART_BYTES) throw new Error(`${file.name} unpacks to more than ${MAX_PART_BYTES} bytes`);
      return true;
    },
  });
  const names = Object.keys(files).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return names.map((name) => xmlText(new TextDecoder().decode(files[name]))).join("\n");
}

/** The character data of an XML part: paragraph, row and cell ends become line breaks or spaces, entities decoded. */
export function xmlText(xml: string): string {
  return decodeEntities(
    xml
      .replace(/<(w:p|a:p|text:p|text:h|row|table:table-row)\b[^>]*\/>/g, "\n")
      .replace(/<\/(w:p|a:p|text:p|text:h|row|table:table-row)>/g, "\n")
      .replace(/<(w:tab|w:br|text:tab|text:s|text:line-break)\b[^>]*\/?>/g, " ")
      .replace(/<\/(c|si|table:table-cell)>/g, " ")
      .replace(/<[^>]*>/g, ""),
  )
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower[0] === "#") {
      const code = lower[1] === "x" ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[lower] ?? "";
  });
}
