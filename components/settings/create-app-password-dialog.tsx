"use client";

import { useState } from "react";
import { Folder } from "lucide-react";
import { FolderPickerDialog } from "@/components/drive/folder-picker-dialog";
import { targetsOf } from "@/components/drive/node-targets";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import type { NewAppPassword } from "@/lib/client/app-passwords-api";
import { useT } from "@/lib/i18n/provider";

const NO_TARGETS = targetsOf([]);

type CreateAppPasswordDialogProps = {
  /** the personal space's root folder, where the folder picker starts */
  rootId: number;
  onCreate: (input: NewAppPassword) => Promise<unknown>;
  onClose: () => void;
};

/** Name, read-only and an optional folder limit (chosen with the drive's folder picker). */
export function CreateAppPasswordDialog({ rootId, onCreate, onClose }: CreateAppPasswordDialogProps) {
  const t = useT();
  const [name, setName] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [folder, setFolder] = useState<{ id: number; name: string } | null>(null);
  const [choosing, setChoosing] = useState(false);

  if (choosing) {
    return (
      <FolderPickerDialog
        mode="choose"
        targets={NO_TARGETS}
        rootId={rootId}
        onConfirm={async (chosen) => setFolder(chosen.id === rootId ? null : chosen)}
        onClose={() => setChoosing(false)}
      />
    );
  }

  return (
    <FormDialog
      testId="create-app-password"
      title={t("appPasswords.createTitle")}
      submitLabel={t("common.create")}
      submitTestId="create-app-password-submit"
      validate={() => (name.trim() ? null : t("appPasswords.nameRequired"))}
      onSubmit={() => onCreate({ name: name.trim(), readOnly, folderId: folder?.id ?? null })}
      onClose={onClose}
    >
      {({ error, clearError, busy }) => (
        <div className="space-y-4">
          <TextField
            label={t("appPasswords.name")}
            hint={t("appPasswords.nameHint")}
            value={name}
            maxLength={100}
            autoFocus
            disabled={busy}
            data-testid="app-password-name"
            onChange={(event) => {
              setName(event.target.value);
              clearError();
            }}
          />
          <label className="flex items-start gap-2.5 text-sm">
            <input
              type="checkbox"
              checked={readOnly}
              disabled={busy}
              onChange={(event) => setReadOnly(event.target.checked)}
              data-testid="app-password-read-only"
              className="mt-0.5 size-4 accent-brand-600"
            />
            <span>
              <span className="block font-medium">{t("appPasswords.readOnly")}</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("appPasswords.readOnlyHint")}</span>
            </span>
          </label>
          <div className="space-y-1.5">
            <p className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("appPasswords.folder")}</p>
            <div className="flex items-center gap-2">
              <span className="flex min-w-0 flex-1 items-center gap-2 text-sm" data-testid="app-password-folder">
                <Folder className="size-4 shrink-0 text-brand-500" aria-hidden />
                <span className="truncate">{folder ? folder.name : t("appPasswords.allFiles")}</span>
              </span>
              {folder && (
                <Button size="sm" variant="ghost" onClick={() => setFolder(null)} disabled={busy}>
                  {t("appPasswords.clearFolder")}
                </Button>
              )}
              <Button size="sm" onClick={() => setChoosing(true)} disabled={busy} data-testid="app-password-choose-folder">
                {t("appPasswords.chooseFolder")}
              </Button>
            </div>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("appPasswords.folderHint")}</p>
          </div>
          {error && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
        </div>
      )}
    </FormDialog>
  );
}
