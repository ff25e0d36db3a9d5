"use client";

import { useEffect, useState } from "react";
import { Code, FileText } from "lucide-react";
import { Spinner } from "@/components/ui/spinner";
import { decodeText } from "@/lib/client/decode-text";
import { renderMarkdown } from "@/lib/client/markdown";
import { fetchRanged } from "@/lib/client/ranged-fetch";
import { useT } from "@/lib/i18n/provider";
import { HIGHLIGHT_CLASSES, highlightCode } from "./highlight";

const MAX_TEXT = 2 * 1024 * 1024;

export function isMarkdown(entry: { name: string; mimeType: string | null }): boolean {
  return entry.mimeType === "text/markdown" || /\.(md|markdown)$/i.test(entry.name);
}

const MARKDOWN_CLASSES =
  "markdown-body max-w-none px-4 py-4 text-sm leading-relaxed break-words sm:px-6 [&_a]:text-brand-600 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_h1]:mb-3 [&_h1]:text-2xl [&_h1]:font-semibold [&_h2]:mt-5 [&_h2]:mb-2 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-zinc-100 [&_pre]:p-3 [&_table]:border-collapse [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc dark:[&_code]:bg-zinc-800 dark:[&_pre]:bg-zinc-800";

type Loaded = { text: string; encoding: string; truncated: boolean; highlighted: string | null };

/**
 * A text file: the first 2 MiB, decoded as UTF-8 or the detected encoding (GBK, Big5, Shift-JIS…), code with syntax
 * highlighting, Markdown rendered safely with a toggle to its source.
 */
export function TextView({ url: givenUrl, entry }: { url: string; entry: { name: string; mimeType: string | null } }) {
  const t = useT();
  // A fresh viewer token for the same file (a refetched share page) must not fetch it again; another file remounts.
  const [url] = useState(givenUrl);
  const [state, setState] = useState<Loaded | "error" | null>(null);
  const [source, setSource] = useState(false);
  const markdown = isMarkdown(entry);

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const { bytes, truncated } = await fetchRanged(url, MAX_TEXT, controller.signal);
      const { text, encoding } = await decodeText(bytes, { truncated });
      const highlighted = markdown ? null : await highlightCode(text, entry.name).catch(() => null);
      if (!controller.signal.aborted) setState({ text, encoding, truncated, highlighted });
    })().catch(() => !controller.signal.aborted && setState("error"));
    return () => controller.abort();
  }, [url, markdown, entry.name]);

  if (state === null) return <Spinner className="mx-auto my-12 size-6" label={t("common.loading")} />;
  if (state === "error") return <p className="p-6 text-center text-sm text-zinc-500">{t("public.previewFailed")}</p>;
  return (
    <div className="w-full" data-testid="text-preview" data-encoding={state.encoding}>
      {(markdown || state.encoding !== "utf-8") && (
        <div className="flex items-center justify-end gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          {state.encoding !== "utf-8" && <span data-testid="text-encoding">{t("viewer.encoding", { encoding: state.encoding.toUpperCase() })}</span>}
          {markdown && (
            <button
              type="button"
              onClick={() => setSource((shown) => !shown)}
              aria-pressed={source}
              className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
              data-testid="markdown-toggle"
            >
              {source ? <FileText className="size-3.5" aria-hidden /> : <Code className="size-3.5" aria-hidden />}
              {source ? t("viewer.showRendered") : t("viewer.showSource")}
            </button>
          )}
        </div>
      )}
      {markdown && !source ? (
        <article className={MARKDOWN_CLASSES} data-testid="markdown-preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(state.text) }} />
      ) : state.highlighted !== null ? (
        <pre className={`overflow-x-auto px-4 py-4 font-mono text-xs leading-relaxed sm:px-6 ${HIGHLIGHT_CLASSES}`} data-testid="code-preview">
          <code dangerouslySetInnerHTML={{ __html: state.highlighted }} />
        </pre>
      ) : (
        <pre className="overflow-x-auto px-4 py-4 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap sm:px-6" data-testid="plain-preview">
          {state.text}
        </pre>
      )}
      {state.truncated && <p className="px-4 pb-4 text-xs text-zinc-500 sm:px-6">{t("public.truncated")}</p>}
    </div>
  );
}
