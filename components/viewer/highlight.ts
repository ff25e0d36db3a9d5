/** Highlighting stops being worth its time on very long files; they are shown as plain text. */
const MAX_HIGHLIGHT = 512 * 1024;

/** Extensions whose highlight.js language name differs from the extension (the rest are looked up as aliases). */
const LANGUAGE: Record<string, string> = { h: "c", hpp: "cpp", vue: "xml", svelte: "xml", htm: "xml", html: "xml", mjs: "javascript", cjs: "javascript", zsh: "bash", ps1: "powershell", yml: "yaml", kt: "kotlin", rs: "rust", pl: "perl" };

/**
 * `code` as highlighted HTML (highlight.js escapes the text; only its own `<span class="hljs-…">` is markup), or
 * null when the file's extension has no known language or it is too long. highlight.js is loaded on first use.
 */
export async function highlightCode(code: string, fileName: string): Promise<string | null> {
  const dot = fileName.lastIndexOf(".");
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
  if (!ext || code.length > MAX_HIGHLIGHT || ext === "txt" || ext === "log") return null;
  const { default: hljs } = await import("highlight.js/lib/common");
  const language = LANGUAGE[ext] ?? ext;
  if (!hljs.getLanguage(language)) return null;
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/** Colours for highlight.js' classes, light and dark (Tailwind arbitrary variants on the <code> parent). */
export const HIGHLIGHT_CLASSES = [
  "[&_.hljs-comment]:text-zinc-500 [&_.hljs-comment]:italic [&_.hljs-quote]:text-zinc-500",
  "[&_.hljs-keyword]:text-purple-700 [&_.hljs-built_in]:text-cyan-700 [&_.hljs-type]:text-cyan-700 [&_.hljs-literal]:text-blue-700",
  "[&_.hljs-string]:text-green-700 [&_.hljs-regexp]:text-red-700 [&_.hljs-number]:text-blue-700 [&_.hljs-symbol]:text-blue-700",
  "[&_.hljs-title]:text-amber-700 [&_.hljs-attr]:text-sky-700 [&_.hljs-attribute]:text-sky-700 [&_.hljs-name]:text-rose-700 [&_.hljs-tag]:text-rose-700",
  "[&_.hljs-meta]:text-zinc-500 [&_.hljs-variable]:text-orange-700 [&_.hljs-section]:font-semibold [&_.hljs-bullet]:text-blue-700",
  "dark:[&_.hljs-keyword]:text-purple-300 dark:[&_.hljs-built_in]:text-cyan-300 dark:[&_.hljs-type]:text-cyan-300 dark:[&_.hljs-literal]:text-blue-300",
  "dark:[&_.hljs-string]:text-green-300 dark:[&_.hljs-regexp]:text-red-300 dark:[&_.hljs-number]:text-blue-300 dark:[&_.hljs-symbol]:text-blue-300",
  "dark:[&_.hljs-title]:text-amber-300 dark:[&_.hljs-attr]:text-sky-300 dark:[&_.hljs-attribute]:text-sky-300 dark:[&_.hljs-name]:text-rose-300 dark:[&_.hljs-tag]:text-rose-300",
  "dark:[&_.hljs-comment]:text-zinc-400 dark:[&_.hljs-variable]:text-orange-300 dark:[&_.hljs-bullet]:text-blue-300",
].join(" ");
