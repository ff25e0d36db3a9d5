"use client";

import { useEffect, useState } from "react";
import { renderMarkdown } from "@/lib/client/markdown";
import { fetchRanged } from "@/lib/client/ranged-fetch";
import { Spinner } from "@/components/ui/spinner";
import { useT } from "@/lib/i18n/provider";

const MAX_TEXT = 2 * 1024 * 1024;

function isMarkdown(entry: { name: string; mimeType: string | null }): boolean {
  return entry.mimeType === "text/markdown" || /\.(md|markdown)$/i.test(entry.name);
}

/** A text file shown as text, or Markdown rendered safely; the first 2 MiB at most. */
export function TextPreview({ url: givenUrl, entry }: { url: string; entry: { name: string; mimeType: string | null } }) {
  const t = useT();
  // A fresh viewer token for the same file (a refetched share page) must not fetch it again; another file remounts.
  const [url] = useState(givenUrl);
  const [state, setState] = useState<{ text: string; truncated: boolean } | "error" | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchRanged(url, MAX_TEXT, controller.signal)
      .then(({ bytes, truncated }) => setState({ text: new TextDecoder().decode(bytes), truncated }))
      .catch(() => !controller.signal.aborted && setState("error"));
    return () => controller.abort();
  }, [url]);

  if (state === null) return <Spinner className="mx-auto my-12 size-6" label={t("common.loading")} />;
  if (state === "error") return <p className="p-6 text-center text-sm text-zinc-500">{t("public.previewFailed")}</p>;
  return (
    <div className="w-full" data-testid="text-preview">
      {isMarkdown(entry) ? (
        <article
          className="markdown-body max-w-none px-4 py-4 text-sm leading-relaxed break-words sm:px-6 [&_a]:text-brand-600 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_h1]:mb-3 [&_h1]:text-2xl [&_h1]:font-semibold [&_h2]:mt-5 [&_h2]:mb-2 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-zinc-100 [&_pre]:p-3 [&_table]:border-collapse [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc dark:[&_code]:bg-zinc-800 dark:[&_pre]:bg-zinc-800"
          data-testid="markdown-preview"
          dangerouslySetInnerHTML={{ __html: renderMarkdown(state.text) }}
        />
      ) : (
        <pre className="overflow-x-auto px-4 py-4 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words sm:px-6" data-testid="plain-preview">
          {state.text}
        </pre>
      )}
      {state.truncated && <p className="px-4 pb-4 text-xs text-zinc-500 sm:px-6">{t("public.truncated")}</p>}
    </div>
  );
}
