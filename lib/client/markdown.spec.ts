import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/client/markdown";

// Runs without a DOM, so DOMPurify is off: these are the guarantees of the Markdown layer alone.
describe("renderMarkdown", () => {
  it("renders Markdown", () => {
    const html = renderMarkdown("# Title\n\nSome **bold** and a [site](https://example.com \"home\").");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://example.com" title="home" rel="noopener noreferrer nofollow" target="_blank">site</a>');
  });

  it("shows raw HTML as text, block and inline", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<div onclick="x()">hi</div>\n\ntext <img src=x onerror=alert(1)> more');
    expect(html).not.toMatch(/<script|<div|<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it.each(["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"])("keeps only the text of a link to %s", (href) => {
    const html = renderMarkdown(`[click](${href})`);
    expect(html).not.toContain("<a");
    expect(html).toContain("click");
  });

  it.each(["/files/1", "#part-2", "./other.md", "notes.md", "mailto:a@example.com", "http://example.com"])("keeps a link to %s", (href) => {
    expect(renderMarkdown(`[go](${href})`)).toContain(`<a href="${href}"`);
  });
});
