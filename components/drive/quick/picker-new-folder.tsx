"use client";

import { useState } from "react";
import { FolderPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { createFolder } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";

/**
 * "New folder" inside the move/copy picker: a name field in place (no second dialog over the picker); the new folder
 * is then opened as the destination.
 */
export function PickerNewFolder({ parentId, disabled, onCreated }: { parentId: number; disabled: boolean; onCreated: (folderId: number) => void }) {
  const { t, invalidate } = useFeedback();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    if (!name?.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const folder = await createFolder(parentId, name.trim());
      invalidate(queryKeys.folders(parentId), queryKeys.childrenOf(parentId));
      setName(null);
      onCreated(folder.id);
    } catch (e) {
      setError(errorMessage(e, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  if (name === null) {
    return (
      <Button size="sm" variant="ghost" icon={<FolderPlus className="size-4" aria-hidden />} disabled={disabled} onClick={() => setName(t("newFolder.default"))} data-testid="picker-new-folder">
        {t("newFolder.title")}
      </Button>
    );
  }
  return (
    <div className="mb-2 space-y-1">
      <div className="flex gap-2">
        <input
          autoFocus
          className={cn(inputClass, "h-8")}
          value={name}
          aria-label={t("newFolder.label")}
          data-testid="picker-new-folder-name"
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            // Enter creates the folder here; it must not submit the picker's own form (the move or copy).
            if (e.key === "Enter") {
              e.preventDefault();
              void create();
            } else if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              setName(null);
            }
          }}
        />
        <Button size="sm" variant="primary" disabled={busy || !name.trim()} onClick={() => void create()} data-testid="picker-new-folder-create">
          {t("common.create")}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
