import "server-only";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { AVATAR_PX } from "./avatar";

/**
 * The picture of an account without one, as Nextcloud draws it: the name's first letter on a colour taken from the
 * name's hash. PNG (every client decodes it), AVATAR_PX square.
 */
export async function placeholderAvatar(name: string): Promise<Buffer> {
  const hue = createHash("sha1").update(name).digest().readUInt16BE(0) % 360;
  const letter = escapeXml((Array.from(name.trim())[0] ?? "?").toUpperCase());
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${AVATAR_PX}" height="${AVATAR_PX}"><rect width="100%" height="100%" fill="hsl(${hue},45%,55%)"/><text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-size="${AVATAR_PX * 0.5}" fill="#fff">${letter}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
