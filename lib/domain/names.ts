import { DomainError } from "./errors";

const MAX_NAME_BYTES = 255;
/** C0 controls (CR, LF, TAB, NUL…) and DEL: invisible, break headers, XML and terminals. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Bidi embeddings, overrides and isolates: they make "evil\u202Etxt.exe" display as "evilexe.txt". */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** Returns the reason a name is not allowed, or null when it is fine. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return "A name cannot be empty.";
  if (name === "." || name === "..") return `"${name}" is not allowed as a name.`;
  if (name.includes("/")) return 'A name cannot contain "/".';
  if (name.includes("\\")) return 'A name cannot contain "\\".';
  if (name.includes("\0")) return "A name cannot contain a NUL character.";
  if (CONTROL.test(name)) return "A name cannot contain control characters (such as line breaks or tabs).";
  if (BIDI_CONTROL.test(name)) return "A name cannot contain text-direction override characters.";
  if (Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES) return `A name can be at most ${MAX_NAME_BYTES} bytes of UTF-8.`;
  if (name.trim() !== name && name.trim().length === 0) return "A name cannot be only spaces.";
  return null;
}

/** Throws INVALID_NAME with the reason when the name is not allowed. */
export function assertValidName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new DomainError("INVALID_NAME", problem, { name });
}

/** Splits "report.tar.gz" into ["report", ".tar.gz"]-like parts for numbering: base "report.tar", ext ".gz". */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return [name, ""];
  return [name.slice(0, dot), name.slice(dot)];
}

/** The first `name (n).ext` not in `taken`, for "keep both" conflicts. */
export function numberedName(name: string, isTaken: (candidate: string) => boolean): string {
  const [base, ext] = splitExtension(name);
  for (let n = 1; ; n++) {
    const candidate = `${base} (${n})${ext}`;
    if (!isTaken(candidate)) return candidate;
  }
}

/** Splits a relative path from an upload ("a/b/c.txt") into validated segments. */
export function pathSegments(relativePath: string): string[] {
  const segments = relativePath.split("/").filter((s) => s.length > 0);
  segments.forEach(assertValidName);
  return segments;
}

export function extensionOf(name: string): string {
  const [, ext] = splitExtension(name);
  return ext.slice(1).toLowerCase();
}

/**
 * A legal name as the first segment of a zip entry path. Zip writers (yazl) refuse a path that looks absolute,
 * which a legal name such as "C:" or "C:notes" does: the colon becomes "_".
 */
export function zipSafeName(name: string): string {
  return name.replace(/^([a-zA-Z]):/, "$1_");
}
