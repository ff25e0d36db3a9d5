import "server-only";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Renders a PDF's first page as a PNG whose longest side is `px`, with pdf.js (pdfjs-dist, already the share viewer's)
 * on @napi-rs/canvas, in this process: no external program. Scripts in the PDF never run (pdf.js runs none without its
 * scripting sandbox, which is never loaded here). Throws when the file is not a PDF pdf.js can open.
 */
export async function renderPdfFirstPage(data: Uint8Array, px: number): Promise<Buffer> {
  polyfillForPdfjs();
  const [pdfjs, { createCanvas }] = await Promise.all([import("pdfjs-dist/legacy/build/pdf.mjs"), import("@napi-rs/canvas")]);
  const root = pdfjsRoot();
  const task = pdfjs.getDocument({
    data,
    standardFontDataUrl: `${root}/standard_fonts/`,
    cMapUrl: `${root}/cmaps/`,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: px / Math.max(natural.width, natural.height, 1) });
    const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    return canvas.toBuffer("image/png");
  } finally {
    await task.destroy();
  }
}

let root: string | undefined;
function pdfjsRoot(): string {
  return (root ??= path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")));
}

/** pdfjs-dist 6 uses two built-ins that Node 20 lacks (Node 22 has both); defined only where missing. */
function polyfillForPdfjs(): void {
  const promise = Promise as unknown as { withResolvers?: () => unknown };
  promise.withResolvers ??= function <T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const p = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise: p, resolve, reject };
  };
  const buffers = ArrayBuffer.prototype as unknown as { transferToFixedLength?: (this: ArrayBuffer, length?: number) => ArrayBuffer };
  buffers.transferToFixedLength ??= function (this: ArrayBuffer, length?: number) {
    const n = length ?? this.byteLength;
    const out = new ArrayBuffer(n);
    new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
    return out;
  };
}
