"use client";

import { Copy, Download, ExternalLink, FolderInput, Info, Pencil, Share2, Trash2 } from "lucide-react";
import type { NodeTargets } from "@/components/drive/node-targets";
import { FavoriteMenuItem } from "@/components/drive/quick/favorite-menu-item";
import { Menu, MenuItem, MenuSeparator, type MenuAnchor } from "@/components/ui/menu";
import { useT } from "@/lib/i18n/provider";

export type NodeCommand = "open" | "download" | "rename" | "move" | "copy" | "delete" | "details" | "share";
export type NodeMenuState = { anchor: MenuAnchor; targets: NodeTargets } | null;

/** The right-click menu and the per-row "…" menu; acts on the clicked item or on the whole selection. */
export function NodeMenu({ state, onClose, onCommand }: { state: NodeMenuState; onClose: () => void; onCommand: (command: NodeCommand, targets: NodeTargets) => void }) {
  const t = useT();
  const nodes = state?.targets.nodes ?? [];
  const count = state?.targets.count ?? 0;
  const single = count === 1 && nodes.length === 1;
  // Rows not loaded yet are checked by the server.
  const canWrite = nodes.every((node) => node.permissions?.write !== false);
  const canDelete = nodes.every((node) => node.permissions?.delete !== false);
  const canShare = single && nodes[0].permissions?.share !== false;
  const run = (command: NodeCommand) => () => state && onCommand(command, state.targets);

  return (
    <Menu anchor={state?.anchor ?? null} onClose={onClose} label={single ? nodes[0].name : t("selection.count", { count })} testId="context-menu">
      {single && (
        <MenuItem icon={<ExternalLink />} onSelect={run("open")} testId="menu-open" shortcut="Enter">
          {t("action.open")}
        </MenuItem>
      )}
      <MenuItem icon={<Download />} onSelect={run("download")} testId="menu-download">
        {t("action.download")}
      </MenuItem>
      <MenuSeparator />
      {single && (
        <MenuItem icon={<Pencil />} onSelect={run("rename")} disabled={!canWrite} testId="menu-rename" shortcut="F2">
          {t("action.rename")}
        </MenuItem>
      )}
      <MenuItem icon={<FolderInput />} onSelect={run("move")} disabled={!canWrite} testId="menu-move">
        {t("action.move")}
      </MenuItem>
      <MenuItem icon={<Copy />} onSelect={run("copy")} testId="menu-copy">
        {t("action.copy")}
      </MenuItem>
      {single && (
        <MenuItem icon={<Share2 />} onSelect={run("share")} disabled={!canShare} testId="menu-share">
          {t("action.share")}
        </MenuItem>
      )}
      {single && <FavoriteMenuItem node={nodes[0]} />}
      {single && (
        <MenuItem icon={<Info />} onSelect={run("details")} testId="menu-details">
          {t("action.details")}
        </MenuItem>
      )}
      <MenuSeparator />
      <MenuItem icon={<Trash2 />} onSelect={run("delete")} disabled={!canDelete} danger testId="menu-delete" shortcut="Del">
        {t("action.delete")}
      </MenuItem>
    </Menu>
  );
}
