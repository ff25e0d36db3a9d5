"use client";

import { useState } from "react";
import { FilePlus, FileText, FolderPlus, FolderUp, LayoutGrid, List, Plus, Upload } from "lucide-react";
import type { NewFileKind } from "@/components/viewer/new-file-dialog";
import type { ViewMode } from "@/components/drive/use-view-preferences";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { Menu, MenuItem } from "@/components/ui/menu";
import { useT } from "@/lib/i18n/provider";

type DriveActionsProps = {
  canWrite: boolean;
  onNewFolder: () => void;
  onUploadFiles: () => void;
  onUploadFolder: () => void;
  view: ViewMode;
  onViewChange: (view: ViewMode) => void;
  /** New → Text file / Markdown file */
  onNewFile?: (kind: NewFileKind) => void;
};

/** Header actions: three buttons on wide screens, one "New" menu on phones, plus the list/grid switch. */
export function DriveActions({ canWrite, onNewFolder, onUploadFiles, onUploadFolder, view, onViewChange, onNewFile }: DriveActionsProps) {
  const t = useT();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [fileAnchor, setFileAnchor] = useState<HTMLElement | null>(null);
  const newFileItems = onNewFile && (
    <>
      <MenuItem icon={<FileText />} onSelect={() => onNewFile("text")} testId="new-text-file">
        {t("viewer.newTextFile")}
      </MenuItem>
      <MenuItem icon={<FilePlus />} onSelect={() => onNewFile("markdown")} testId="new-markdown-file">
        {t("viewer.newMarkdownFile")}
      </MenuItem>
    </>
  );
  return (
    <>
      <div className="hidden items-center gap-2 md:flex">
        <Button onClick={onNewFolder} disabled={!canWrite} icon={<FolderPlus className="size-4" aria-hidden />} data-testid="new-folder">
          {t("drive.newFolder")}
        </Button>
        {onNewFile && (
          <Button onClick={(event) => setFileAnchor(event.currentTarget)} disabled={!canWrite} aria-haspopup="menu" icon={<FilePlus className="size-4" aria-hidden />} data-testid="new-file">
            {t("viewer.newFile")}
          </Button>
        )}
        <Button onClick={onUploadFolder} disabled={!canWrite} icon={<FolderUp className="size-4" aria-hidden />} data-testid="upload-folder">
          {t("drive.uploadFolder")}
        </Button>
        <Button variant="primary" onClick={onUploadFiles} disabled={!canWrite} icon={<Upload className="size-4" aria-hidden />} data-testid="upload-files">
          {t("drive.uploadFiles")}
        </Button>
      </div>
      <Button
        variant="primary"
        className="md:hidden"
        disabled={!canWrite}
        aria-haspopup="menu"
        icon={<Plus className="size-4" aria-hidden />}
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="new-menu"
      >
        {t("drive.new")}
      </Button>
      <Menu anchor={anchor} onClose={() => setAnchor(null)} label={t("drive.new")} align="end">
        <MenuItem icon={<Upload />} onSelect={onUploadFiles} testId="new-menu-upload-files">
          {t("drive.uploadFiles")}
        </MenuItem>
        <MenuItem icon={<FolderUp />} onSelect={onUploadFolder} testId="new-menu-upload-folder">
          {t("drive.uploadFolder")}
        </MenuItem>
        <MenuItem icon={<FolderPlus />} onSelect={onNewFolder} testId="new-menu-new-folder">
          {t("drive.newFolder")}
        </MenuItem>
        {newFileItems}
      </Menu>
      <Menu anchor={fileAnchor} onClose={() => setFileAnchor(null)} label={t("viewer.newFile")} align="end">
        {newFileItems}
      </Menu>
      <IconButton
        label={view === "list" ? t("drive.gridView") : t("drive.listView")}
        onClick={() => onViewChange(view === "list" ? "grid" : "list")}
        data-testid="view-toggle"
        className="ml-0.5"
      >
        {view === "list" ? <LayoutGrid className="size-[18px]" aria-hidden /> : <List className="size-[18px]" aria-hidden />}
      </IconButton>
    </>
  );
}
