/**
 * How text becomes searchable words, one rule for the index and the query, on both databases:
 * lower case (NFKC, Latin diacritics dropped), split on anything that is not a letter or digit, and runs of CJK
 * characters (which have no spaces) turned into overlapping bigrams plus the run's last character. A CJK query of
 * two or more characters is then a phrase of consecutive bigrams; one character is a prefix of a token.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TOKEN = /[\p{L}\p{N}]+/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** Lower case, compatibility forms folded, Latin accents removed ("Café" → "cafe"). */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
}

/** A search query's longest accepted length (characters). */
export const MAX_QUERY_LENGTH = 200;

/** One query term: a phrase of tokens that must be consecutive; `prefix` lets the last token be a word's start. */
export interface Term {
  tokens: string[];
  prefix: boolean;
}

function splitCjk(word: string, forIndex: boolean): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of word.matchAll(CJK_RUN)) {
    if (m.index > last) out.push(word.slice(last, m.index));
    const run = [...m[0]];
    if (run.length === 1) out.push(run[0]);
    else {
      for (let i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      if (forIndex) out.push(run[run.length - 1]);
    }
    last = m.index + m[0].length;
  }
  if (last < word.length) out.push(word.slice(last));
  return out;
}

/** The text as the word index stores it: tokens separated by single spaces. */
export function indexTextOf(text: string): string {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(TOKEN)) out.push(...splitCjk(m[0], true));
  return out.join(" ");
}

/**
 * A query as terms for the word index (every term must match). Each word is a phrase (a CJK run becomes its bigrams);
 * the last word is a prefix (results as the user types), and so is a single CJK character. At most 16 terms.
 */
export function contentTerms(query: string): Term[] {
  const words = [...normalizeText(query).matchAll(TOKEN)].map((m) => m[0]);
  return words.slice(0, 16).map((word, i) => {
    const tokens = splitCjk(word, false);
    const lone = tokens.length === 1 && [...tokens[0]].length === 1 && CJK.test(tokens[0]);
    return { tokens, prefix: (i === words.length - 1 && !CJK.test(word.slice(-1))) || lone };
  });
}

/** The words of a name query: split on white space, lower case, at most 8. */
export function nameWords(query: string): string[] {
  return query.normalize("NFKC").toLowerCase().split(/\s+/u).filter(Boolean).slice(0, 8);
}

/** A piece of a snippet; `hit` pieces are the matched text (the UI marks them; React escapes every piece). */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A short excerpt of `text` around the first match of the query's words (any case), split into plain and matched
 * parts. Plain text, never HTML: whoever renders it escapes it and adds the marks (the UI wraps hits in <mark>).
 * Empty when nothing in the text matches literally (e.g. the match was on an accent-folded form).
 */
export function snippetOf(text: string, query: string, radius = 80): SnippetPart[] {
  const words = [...query.normalize("NFKC").matchAll(TOKEN)].map((m) => m[0]).filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const pattern = new RegExp(words.map(escapeRegExp).sort((a, b) => b.length - a.length).join("|"), "giu");
  const first = pattern.exec(text);
  if (!first) return [];
  const matchEnd = first.index + first[0].length;
  let start = Math.max(0, first.index - radius);
  let end = Math.min(text.length, matchEnd + radius);
  // Cut at a space when one is near (not inside a word), and never inside a surrogate pair.
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < first.index) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > matchEnd) end = space;
  }
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start++;
  if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  const excerpt = text.slice(start, end).replace(/\s+/g, " ");
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: "…", hit: false });
  let at = 0;
  pattern.lastIndex = 0;
  for (const m of excerpt.matchAll(pattern)) {
    if (m.index > at) parts.push({ text: excerpt.slice(at, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    at = m.index + m[0].length;
  }
  if (at < excerpt.length) parts.push({ text: excerpt.slice(at), hit: false });
  if (end < text.length) parts.push({ text: "…", hit: false });
  return parts;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
