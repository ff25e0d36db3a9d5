"use client";

import { NameDialog } from "@/components/drive/name-dialog";
import { useFeedback } from "@/components/ui/use-feedback";
import type { NodeView } from "@/lib/client/api-types";
import { createTextFile } from "@/lib/client/editor-api";
import { queryKeys } from "@/lib/client/query-keys";

export type NewFileKind = "text" | "markdown";

/** New → Text file / Markdown file: asks for the name (the server's naming rules apply), creates it empty. */
export function NewFileDialog({ folderId, kind, onClose, onCreated }: { folderId: number; kind: NewFileKind; onClose: () => void; onCreated: (node: NodeView) => void }) {
  const { t, invalidate } = useFeedback();
  return (
    <NameDialog
      title={kind === "markdown" ? t("viewer.newMarkdownTitle") : t("viewer.newTextTitle")}
      label={t("viewer.fileName")}
      initialName={kind === "markdown" ? t("viewer.defaultMarkdownName") : t("viewer.defaultTextName")}
      submitLabel={t("common.create")}
      onSubmit={async (name) => {
        const node = await createTextFile(folderId, name);
        invalidate(queryKeys.childrenOf(folderId));
        onCreated(node);
      }}
      onClose={onClose}
      testId="new-file-dialog"
    />
  );
}
