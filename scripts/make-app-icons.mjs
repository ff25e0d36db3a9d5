// Renders the PWA icons in public/icons/ from public/icon.svg (run once after changing the logo: node scripts/make-app-icons.mjs).
// "any" icons keep the rounded square; the maskable one fills the whole square so launchers can crop it to any shape.
import { readFile } from "node:fs/promises";
import sharp from "sharp";

const svg = await readFile(new URL("../public/icon.svg", import.meta.url), "utf8");
const fullBleed = svg.replace('rx="8"', 'rx="0"').replace('viewBox="0 0 32 32"', 'viewBox="-4 -4 40 40"').replace("<rect ", '<rect x="-4" y="-4" width="40" height="40" ').replace('width="32" height="32" ', "");
const out = (name) => new URL(`../public/icons/${name}`, import.meta.url).pathname;
for (const size of [192, 512]) await sharp(Buffer.from(svg), { density: (72 * size) / 32 }).resize(size, size).png().toFile(out(`icon-${size}.png`));
await sharp(Buffer.from(fullBleed), { density: (72 * 512) / 40 }).resize(512, 512).png().toFile(out("icon-maskable-512.png"));
await sharp(Buffer.from(fullBleed), { density: (72 * 180) / 40 }).resize(180, 180).png().toFile(out("apple-touch-icon.png"));
