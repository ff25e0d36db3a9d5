/** jschardet's names → labels TextDecoder knows (GB2312 text is decoded as its superset GB18030). */
const LABELS: Record<string, string> = { gb2312: "gb18030", gbk: "gb18030", "x-iso-10646-ucs-4-3412": "utf-8", ascii: "utf-8" };
/** How many bytes the detector looks at (enough for a verdict, cheap on a 2 MiB file). */
const SAMPLE = 64 * 1024;

export interface DecodedText {
  text: string;
  /** the TextDecoder label used ("utf-8", "gb18030", "big5", "shift_jis", …) */
  encoding: string;
}

/**
 * A text file's bytes as a string: UTF-8 (or UTF-16 with a byte-order mark) when the bytes are valid for it, else
 * the encoding jschardet detects (loaded only then), else Windows-1252. `truncated` bytes (the start of a larger
 * file) may end inside a character: that tail is dropped rather than taken as proof of another encoding.
 */
export async function decodeText(bytes: Uint8Array, { truncated = false } = {}): Promise<DecodedText> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  try {
    // stream: the incomplete last character of a cut file is held back instead of failing the check.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: truncated }), encoding: "utf-8" };
  } catch {
    // not UTF-8: detect below
  }
  const { default: jschardet } = await import("jschardet");
  const sample = bytes.subarray(0, SAMPLE);
  let binary = "";
  for (let i = 0; i < sample.length; i += 8192) binary += String.fromCharCode(...sample.subarray(i, i + 8192));
  const detected = jschardet.detect(binary).encoding?.toLowerCase() ?? "";
  for (const label of [LABELS[detected] ?? detected, "windows-1252"]) {
    try {
      return { text: new TextDecoder(label).decode(bytes), encoding: label };
    } catch {
      // a name TextDecoder does not know: try the next
    }
  }
  return { text: new TextDecoder().decode(bytes), encoding: "utf-8" };
}
