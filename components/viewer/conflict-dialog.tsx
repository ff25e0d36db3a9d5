"use client";

import { Copy, RefreshCw, Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useT } from "@/lib/i18n/provider";

export type ConflictChoice = "overwrite" | "copy" | "reload";

/** A save refused because someone else saved first: overwrite theirs, keep mine as a copy, or take theirs. */
export function ConflictDialog({ open, name, onChoose, onClose }: { open: boolean; name: string; onChoose: (choice: ConflictChoice) => void; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t("viewer.conflictTitle")} description={t("viewer.conflictBody", { name })} size="sm" testId="conflict-dialog">
      <div className="flex flex-col gap-2">
        <Button variant="danger" onClick={() => onChoose("overwrite")} icon={<Upload className="size-4" aria-hidden />} data-testid="conflict-overwrite">
          {t("viewer.overwrite")}
        </Button>
        <Button variant="primary" onClick={() => onChoose("copy")} icon={<Copy className="size-4" aria-hidden />} data-testid="conflict-copy">
          {t("viewer.saveAsCopy")}
        </Button>
        <Button onClick={() => onChoose("reload")} icon={<RefreshCw className="size-4" aria-hidden />} data-testid="conflict-reload">
          {t("viewer.reload")}
        </Button>
      </div>
    </Dialog>
  );
}
