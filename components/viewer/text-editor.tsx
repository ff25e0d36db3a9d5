"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { EditorView } from "@codemirror/view";
import { Save } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useFeedback } from "@/components/ui/use-feedback";
import { ApiError } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { createTextFile, loadText, saveText } from "@/lib/client/editor-api";
import { queryKeys } from "@/lib/client/query-keys";
import { ConflictDialog, type ConflictChoice } from "./conflict-dialog";
import { isMarkdown } from "./text-view";
import { useUnsavedGuard } from "./use-unsaved-guard";

/** CodeMirror 6 with its basic setup, loaded when the first editor opens; Markdown gets its language. */
async function createEditor(parent: HTMLElement, doc: string, markdown: boolean, onChange: () => void, onSave: () => void): Promise<EditorView> {
  const [{ EditorView, basicSetup }, { keymap }, { markdown: markdownLanguage }] = await Promise.all([import("codemirror"), import("@codemirror/view"), import("@codemirror/lang-markdown")]);
  const theme = EditorView.theme({
    "&": { height: "100%", backgroundColor: "transparent", color: "inherit", fontSize: "13px" },
    ".cm-scroller": { fontFamily: "var(--font-mono)" },
    ".cm-gutters": { backgroundColor: "transparent", borderRight: "1px solid rgb(113 113 122 / 0.3)", color: "rgb(113 113 122)" },
    ".cm-content": { caretColor: "currentColor" },
    ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "rgb(113 113 122 / 0.12)" },
  });
  return new EditorView({
    doc,
    parent,
    extensions: [
      keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (onSave(), true) }]),
      basicSetup,
      EditorView.lineWrapping,
      theme,
      ...(markdown ? [markdownLanguage()] : []),
      EditorView.updateListener.of((update) => update.docChanged && onChange()),
    ],
  });
}

type Status = "loading" | "ready" | "saving" | "error";

/**
 * The drive's text and Markdown editor. Save (or Ctrl/Cmd+S) makes a new version and names the ETag the text was
 * loaded at; when someone else saved in between the server refuses (412) and the user chooses: overwrite, save as a
 * copy, or reload theirs. `onDirtyChange` lets the viewer ask before closing; leaving the page asks too.
 */
export function TextEditor({ node, onDirtyChange, onSaved }: { node: NodeView; onDirtyChange: (dirty: boolean) => void; onSaved: (node: NodeView) => void }) {
  const { t, toast, fail, invalidate } = useFeedback();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const etag = useRef<string | null>(null);
  const [status, setStatus] = useState<Status>("loading");
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  useUnsavedGuard(dirty);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const markSaved = useCallback(
    (saved: NodeView, nextEtag: string) => {
      etag.current = nextEtag;
      setDirty(false);
      invalidate(queryKeys.versions(saved.id), queryKeys.allChildren, queryKeys.node(saved.id));
      onSaved(saved);
    },
    [invalidate, onSaved],
  );

  const save = useCallback(
    async (match: "etag" | "overwrite" = "etag") => {
      const editor = view.current;
      if (!editor) return;
      setStatus("saving");
      try {
        const saved = await saveText(node.id, editor.state.doc.toString(), match === "etag" ? etag.current : null);
        markSaved(saved.node, saved.etag);
        toast.success(t("viewer.saved"));
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) setConflict(true);
        else fail(error);
      } finally {
        setStatus("ready");
      }
    },
    [node.id, markSaved, toast, t, fail],
  );
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });

  const load = useCallback(async () => {
    const loaded = await loadText(node.id);
    etag.current = loaded.etag;
    return loaded.text;
  }, [node.id]);

  useEffect(() => {
    let cancelled = false;
    let created: EditorView | null = null;
    (async () => {
      const text = await load();
      if (cancelled || !host.current) return;
      created = await createEditor(host.current, text, isMarkdown(node), () => setDirty(true), () => void saveRef.current());
      if (cancelled) return created.destroy();
      view.current = created;
      setStatus("ready");
      created.focus();
    })().catch(() => !cancelled && setStatus("error"));
    return () => {
      cancelled = true;
      created?.destroy();
      view.current = null;
    };
    // Opened once per file; a rename must not reload the text under the cursor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [node.id, load]);

  const resolve = async (choice: ConflictChoice) => {
    const editor = view.current;
    setConflict(false);
    if (!editor) return;
    if (choice === "overwrite") return save("overwrite");
    try {
      if (choice === "copy") {
        const copy = await createTextFile(node.parentId!, node.name, editor.state.doc.toString(), true);
        invalidate(queryKeys.allChildren);
        toast.success(t("viewer.savedAsCopy", { name: copy.name }));
      }
      // Both a copy and a reload leave the editor on the file as it now is.
      const text = await load();
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
      setDirty(false);
    } catch (error) {
      fail(error);
    }
  };

  return (
    <div className="flex h-[75dvh] w-full flex-col" data-testid="text-editor" data-status={status} data-dirty={dirty}>
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <span className="min-w-0 flex-1 truncate text-xs text-zinc-500 dark:text-zinc-400" data-testid="editor-state">
          {dirty ? t("viewer.unsaved") : t("viewer.noChanges")}
        </span>
        <Button size="sm" variant="primary" onClick={() => void save()} disabled={status !== "ready" || !dirty} icon={status === "saving" ? <Spinner /> : <Save className="size-4" aria-hidden />} data-testid="editor-save">
          {t("common.save")}
        </Button>
      </div>
      {status === "loading" && <Spinner className="mx-auto my-12 size-6" label={t("common.loading")} />}
      {status === "error" && <p className="p-6 text-center text-sm text-zinc-500">{t("public.previewFailed")}</p>}
      <div ref={host} className="min-h-0 flex-1 overflow-hidden" data-testid="editor-host" />
      <ConflictDialog open={conflict} name={node.name} onChoose={(choice) => void resolve(choice)} onClose={() => setConflict(false)} />
    </div>
  );
}
