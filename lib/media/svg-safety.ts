/**
 * Whether an SVG may be rasterised: no DTD (entities can read files or blow up), no reference to anything outside
 * the document (href/src/url()/@import other than "#fragment" or an inline data: image), no scripts. librsvg already
 * refuses external files when it renders from a buffer; this is the second lock, and it refuses instead of stripping
 * so a crafted file never renders half-cleaned.
 */
export function svgIsSelfContained(svg: string): boolean {
  if (/<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|@import|<script|<foreignObject/i.test(svg)) return false;
  for (const match of svg.matchAll(/(?:^|[\s"'])(?:xlink:)?(?:href|src)\s*=\s*(["'])(.*?)\1/gi)) {
    if (!isInternalReference(match[2]!)) return false;
  }
  for (const match of svg.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gi)) {
    if (!isInternalReference(match[2]!)) return false;
  }
  return true;
}

function isInternalReference(value: string): boolean {
  const ref = value.trim();
  return ref.startsWith("#") || /^data:image\/(png|jpeg|gif|webp);base64,/i.test(ref);
}
