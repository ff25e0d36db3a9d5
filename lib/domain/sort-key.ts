/**
 * The collation key stored with every node (Node.sortKey), so that listings sort names naturally and
 * case-insensitively in the database ("alpha" before "Beta", "file2" before "file10") and page by it on both
 * databases with plain byte comparison. Equal keys ("file02" and "file2", "Résumé" and "resume") are ordered by
 * name, then id.
 *
 * - Unicode-normalised (NFKD), accents and other combining marks dropped, lower-cased.
 * - Each run of digits loses its leading zeros and gets a 3-digit length prefix: comparing "<length><digits>"
 *   byte-wise orders numbers by value, like zero-padding every run to one width, without a 255-byte name growing
 *   past what an index entry may hold (a run is at most 255 digits).
 */
export function sortKeyOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\d+/g, (run) => {
      const digits = run.replace(/^0+(?=\d)/, "");
      return `${String(digits.length).padStart(3, "0")}${digits}`;
    });
}
