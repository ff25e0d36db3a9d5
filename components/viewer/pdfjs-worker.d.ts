/** pdf.js' worker module: imported for its side effect (it sets `globalThis.pdfjsWorker`). */
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs";
