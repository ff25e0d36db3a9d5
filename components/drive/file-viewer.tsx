"use client";

import { useMemo, useState } from "react";
import { Eye, Pencil } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { isTextual } from "@/components/viewer/file-preview";
import { OfficeButton, useOfficeExtensions } from "@/components/viewer/office-button";
import { TextEditor } from "@/components/viewer/text-editor";
import { Viewer } from "@/components/viewer/viewer";
import type { NodeView } from "@/lib/client/api-types";
import { contentUrl } from "@/lib/client/drive-api";
import type { PublicEntry } from "@/lib/client/share-api";
import { fileKind } from "@/lib/domain/file-kind";
import { servedType } from "@/lib/domain/served-type";
import { useT } from "@/lib/i18n/provider";

/** The largest file the editor opens (the server takes saves up to 10 MiB). */
const MAX_EDITABLE = 5 * 1024 * 1024;

/**
 * A drive file as the viewer shows it. The page plays media from the content URL itself: opened as a tab of its
 * own, that URL is a sandboxed document with an opaque origin, where Chromium refuses to load the media.
 */
export function viewerEntry(node: NodeView): PublicEntry {
  const url = contentUrl(node.id);
  // An <img> shows only what is served as an image (SVG is served as bytes).
  const image = fileKind(node) === "image" && servedType(node.mimeType).contentType.startsWith("image/");
  return {
    id: node.id,
    name: node.name,
    isFolder: false,
    size: node.size,
    mimeType: node.mimeType,
    mtime: node.mtime,
    previewUrl: image ? url : null,
    viewerUrl: url,
    downloadUrl: contentUrl(node.id, { download: true }),
  };
}

/** Text and Markdown files the user may change open in the editor. */
export function canEditText(node: NodeView): boolean {
  return !node.isFolder && node.permissions.write && isTextual(node) && node.size <= MAX_EDITABLE;
}

/**
 * The file viewer of the drive and of "Shared with me": the shared viewer (a lightbox across `siblings`' images),
 * plus Edit for text and Markdown, and Open in office when the site has an office server. Closing with unsaved
 * edits asks first.
 */
export function FileViewer({ node, siblings, onClose, edit = false }: { node: NodeView; siblings?: NodeView[]; onClose: () => void; edit?: boolean }) {
  const t = useT();
  const [nodes, setNodes] = useState(() => new Map((siblings ?? [node]).concat(node).map((n) => [n.id, n])));
  const entries = useMemo(() => [...nodes.values()].filter((n) => !n.isFolder).map(viewerEntry), [nodes]);
  const [editingId, setEditingId] = useState<number | null>(edit && canEditText(node) ? node.id : null);
  const [dirty, setDirty] = useState(false);
  const [leaving, setLeaving] = useState<null | (() => void)>(null);
  const office = useOfficeExtensions();
  /** Runs `then` now, or after the user agreed to drop unsaved edits. */
  const guarded = (then: () => void) => (dirty ? setLeaving(() => then) : then());
  const stopEditing = () => {
    setDirty(false);
    setEditingId(null);
  };

  return (
    <>
      <Viewer
        entries={entries}
        entry={viewerEntry(node)}
        noDownload={false}
        onClose={() => guarded(onClose)}
        downloadTestId="viewer-download"
        actions={(entry) => {
          const shown = nodes.get(entry.id);
          if (!shown) return null;
          const editing = editingId === shown.id;
          return (
            <>
              <OfficeButton node={shown} extensions={office} />
              {canEditText(shown) && (
                <Button
                  size="sm"
                  icon={editing ? <Eye className="size-4" aria-hidden /> : <Pencil className="size-4" aria-hidden />}
                  onClick={() => (editing ? guarded(stopEditing) : setEditingId(shown.id))}
                  data-testid={editing ? "viewer-view" : "viewer-edit"}
                >
                  {editing ? t("viewer.view") : t("viewer.edit")}
                </Button>
              )}
            </>
          );
        }}
        body={(entry) => {
          const shown = nodes.get(entry.id);
          if (!shown || editingId !== shown.id) return undefined;
          return <TextEditor key={shown.id} node={shown} onDirtyChange={setDirty} onSaved={(saved) => setNodes((current) => new Map(current).set(saved.id, saved))} />;
        }}
      />
      <ConfirmDialog
        open={leaving !== null}
        danger
        title={t("viewer.unsavedTitle")}
        body={t("viewer.unsavedBody", { name: node.name })}
        confirmLabel={t("viewer.discard")}
        confirmTestId="discard-changes"
        onClose={() => setLeaving(null)}
        onConfirm={() => {
          const then = leaving;
          setLeaving(null);
          setDirty(false);
          then?.();
        }}
      />
    </>
  );
}
