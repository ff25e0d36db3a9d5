// The PDF worker thread (lib/media/pdf-worker.ts starts it): pdf.js (pages painted on @napi-rs/canvas, or their text
// read), off the web server's event loop. Plain JavaScript, so the sources (dev, tests) and the bundled server (dist/,
// where scripts/build.sh copies it) load the same file. Messages in: { id, op: "render", data: Uint8Array, px } or
// { id, op: "text", data, maxChars }; out: { id, png }, { id, text } or { id, error }. Scripts in a PDF never run (pdf.js runs none without its scripting sandbox, never loaded here).
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort } from "node:worker_threads";

polyfillForPdfjs();
const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const modules = Promise.all([import("pdfjs-dist/legacy/build/pdf.mjs"), import("@napi-rs/canvas")]);

parentPort.on("message", async ({ id, op, data, px, maxChars }) => {
  try {
    if (op === "text") {
      parentPort.postMessage({ id, text: await text(data, maxChars) });
    } else {
      const png = await render(data, px);
      parentPort.postMessage({ id, png }, [png.buffer]);
    }
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});

function open(pdfjs, data) {
  return pdfjs.getDocument({ data, standardFontDataUrl: `${root}/standard_fonts/`, cMapUrl: `${root}/cmaps/`, disableFontFace: true, verbosity: 0 });
}

/** The first page as a PNG whose longest side is `px`, on white. */
async function render(data, px) {
  const [pdfjs, { createCanvas }] = await modules;
  const task = open(pdfjs, data);
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: px / Math.max(natural.width, natural.height, 1) });
    const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, canvas, viewport }).promise;
    return new Uint8Array(canvas.toBuffer("image/png"));
  } finally {
    await task.destroy();
  }
}

/** The text layer of the pages, a line break at each line end and between pages, until `maxChars` are read. */
async function text(data, maxChars) {
  const [pdfjs] = await modules;
  const task = open(pdfjs, data);
  try {
    const doc = await task.promise;
    const pages = [];
    let length = 0;
    for (let i = 1; i <= doc.numPages && length < maxChars; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const pageText = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
      pages.push(pageText);
      length += pageText.length;
      page.cleanup();
    }
    return pages.join("\n");
  } finally {
    await task.destroy();
  }
}

/** pdfjs-dist 6 uses two built-ins that Node 20 lacks (Node 22 has both); defined only where missing. */
function polyfillForPdfjs() {
  Promise.withResolvers ??= function () {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
  ArrayBuffer.prototype.transferToFixedLength ??= function (length) {
    const n = length ?? this.byteLength;
    const out = new ArrayBuffer(n);
    new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
    return out;
  };
}
