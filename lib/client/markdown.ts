import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
/** Link targets a shared document may point to: the web, mail, and anything without a scheme (relative). */
const SAFE_HREF = /^(https?:|mailto:|[^:]*$)/i;

/**
 * Markdown without raw HTML: HTML in the file is shown as text and never parsed as markup, and a link with
 * another scheme (javascript:, data:, …) keeps only its text. Both hold without a DOM.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_HREF.test(token.href.trim())) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(token.href)}"${title} rel="noopener noreferrer nofollow" target="_blank">${text}</a>`;
    },
  },
});

/** The Markdown as HTML that cannot run script; DOMPurify (in the browser) is a second, independent layer. */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source) as string;
  return DOMPurify.isSupported ? DOMPurify.sanitize(html, { FORBID_ATTR: ["style"], ADD_ATTR: ["target"] }) : html;
}
