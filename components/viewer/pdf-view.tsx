"use client";

import { useEffect, useRef, useState } from "react";
import { fetchRanged } from "@/lib/client/ranged-fetch";
import { Spinner } from "@/components/ui/spinner";
import { useT } from "@/lib/i18n/provider";

const MAX_PDF = 100 * 1024 * 1024;
const MAX_PAGES = 50;

/**
 * pdf.js draws the pages onto canvases, so there is no browser PDF viewer (and no download button in it).
 * Its worker code runs on the main thread (imported as a module, which sets `globalThis.pdfjsWorker`):
 * nothing is fetched from elsewhere, and the page's CSP needs no worker-src.
 */
async function loadPdfJs() {
  await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
  return import("pdfjs-dist/legacy/build/pdf.mjs");
}

export function PdfView({ url: givenUrl }: { url: string }) {
  const t = useT();
  // A refetched share page hands out a fresh viewer token (a new URL) for the same file: keep loading the first
  // one, since restarting pdf.js mid-load leaves its in-page worker stuck. Another file remounts (key).
  const [url] = useState(givenUrl);
  const container = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [pages, setPages] = useState({ shown: 0, total: 0 });

  useEffect(() => {
    const controller = new AbortController();
    let destroy: (() => void) | undefined;
    (async () => {
      const [pdfjs, { bytes }] = await Promise.all([loadPdfJs(), fetchRanged(url, MAX_PDF, controller.signal)]);
      const task = pdfjs.getDocument({ data: bytes, useWorkerFetch: false, enableXfa: false });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      const root = container.current;
      if (!root || controller.signal.aborted) return;
      root.replaceChildren();
      const count = Math.min(doc.numPages, MAX_PAGES);
      setPages({ shown: count, total: doc.numPages });
      setStatus("ready");
      const width = Math.min(root.clientWidth || 800, 1000);
      for (let number = 1; number <= count && !controller.signal.aborted; number++) {
        const page = await doc.getPage(number);
        const base = page.getViewport({ scale: 1 });
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: (width / base.width) * ratio });
        const canvas = document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = "100%";
        canvas.className = "mx-auto mb-3 block max-w-full bg-white shadow-sm";
        canvas.dataset.testid = "pdf-page";
        canvas.oncontextmenu = (event) => event.preventDefault();
        root.appendChild(canvas);
        await page.render({ canvas, viewport }).promise;
      }
    })().catch(() => !controller.signal.aborted && setStatus("error"));
    return () => {
      controller.abort();
      destroy?.();
    };
  }, [url]);

  return (
    <div className="w-full" data-testid="pdf-preview" data-status={status}>
      {status === "loading" && <Spinner className="mx-auto my-12 size-6" label={t("common.loading")} />}
      {status === "error" && <p className="p-6 text-center text-sm text-zinc-500">{t("public.previewFailed")}</p>}
      <div ref={container} className="w-full px-2 py-3" />
      {status === "ready" && pages.total > pages.shown && <p className="pb-3 text-center text-xs text-zinc-500">{t("public.pdfMorePages", { shown: pages.shown, total: pages.total })}</p>}
    </div>
  );
}
