"use client";

import { FolderPickerDialog } from "@/components/drive/folder-picker-dialog";
import { NameDialog } from "@/components/drive/name-dialog";
import type { NodeTargets } from "@/components/drive/node-targets";
import type { useNodeActions } from "@/components/drive/use-node-actions";
import { ShareDialog, type ShareTarget } from "@/components/share/share-dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

export type DriveDialogState =
  | { kind: "new-folder" }
  | { kind: "rename"; node: NodeView }
  | { kind: "share"; node: ShareTarget }
  | { kind: "delete" | "move" | "copy"; targets: NodeTargets }
  | null;

type DriveDialogsProps = {
  dialog: DriveDialogState;
  onClose: () => void;
  folderId: number;
  rootId: number;
  actions: ReturnType<typeof useNodeActions>;
  /** After items left this folder (trashed or moved). */
  onItemsGone: () => void;
};

/** The one dialog the folder view may show at a time. */
export function DriveDialogs({ dialog, onClose, folderId, rootId, actions, onItemsGone }: DriveDialogsProps) {
  const t = useT();
  if (!dialog) return null;

  switch (dialog.kind) {
    case "new-folder":
      return (
        <NameDialog
          title={t("newFolder.title")}
          label={t("newFolder.label")}
          initialName={t("newFolder.default")}
          submitLabel={t("common.create")}
          onSubmit={(name) => actions.create.mutateAsync({ parentId: folderId, name })}
          onClose={onClose}
          testId="new-folder-dialog"
        />
      );
    case "rename":
      return (
        <NameDialog
          title={t("rename.title")}
          label={t("rename.label")}
          initialName={dialog.node.name}
          submitLabel={t("action.rename")}
          selectStem={!dialog.node.isFolder}
          onSubmit={(name) => actions.rename.mutateAsync({ id: dialog.node.id, name })}
          onClose={onClose}
          testId="rename-dialog"
        />
      );
    case "share":
      return <ShareDialog node={dialog.node} onClose={onClose} />;
    case "delete": {
      const { targets } = dialog;
      const [first] = targets.nodes;
      return (
        <ConfirmDialog
          open
          danger
          title={t("delete.title")}
          body={targets.count === 1 && first ? t("delete.bodyOne", { name: first.name }) : t("delete.bodyMany", { count: targets.count })}
          confirmLabel={t("delete.confirm")}
          confirmTestId="confirm-delete"
          busy={actions.trash.isPending}
          onClose={onClose}
          onConfirm={() => actions.trash.mutate(targets, { onSuccess: onItemsGone, onSettled: onClose })}
        >
          {actions.progress !== null && <ProgressBar value={actions.progress} label={t("selection.working", { count: targets.count })} className="mt-2" />}
        </ConfirmDialog>
      );
    }
    case "move":
    case "copy": {
      const { kind, targets } = dialog;
      return (
        <FolderPickerDialog
          mode={kind}
          targets={targets}
          rootId={rootId}
          progress={actions.progress}
          onClose={onClose}
          onConfirm={async (target) => {
            await actions.transfer.mutateAsync({ mode: kind, targets, target });
            if (kind === "move") onItemsGone();
          }}
        />
      );
    }
  }
}
