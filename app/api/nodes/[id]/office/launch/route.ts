import { randomBytes } from "node:crypto";
import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// POST /api/nodes/:id/office/launch – "Open in office" in a new tab: a page that posts the WOPI access token to the
// office server's editor URL (WOPI hosts pass it as a form field, so it never sits in a URL). The drive's pages only
// post forms to Haven itself (CSP form-action 'self'); this page's own CSP allows the office server's origin alone.
export const POST = withActor<{ id: string }>(async ({ actor, params }) => {
  const target = await services().wopi.openInOffice(actor, idParam(params.id));
  const nonce = randomBytes(16).toString("base64");
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>…</title></head><body>
<form id="office" method="post" action="${escapeHtml(target.url)}">
<input type="hidden" name="access_token" value="${escapeHtml(target.accessToken)}">
<input type="hidden" name="access_token_ttl" value="${target.accessTokenTtl}">
<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="${nonce}">document.getElementById("office").submit();</script>
</body></html>`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(target.url).origin}; base-uri 'none'; frame-ancestors 'none'`,
    },
  });
});
