import type { GrantPermission, ShareMode } from "@/lib/client/share-api";
import type { MessageKey } from "@/lib/i18n/translate";

export const MODE_LABEL: Record<ShareMode, MessageKey> = {
  view: "share.mode.view",
  preview: "share.mode.preview",
  upload: "share.mode.upload",
  edit: "share.mode.edit",
};

export const MODE_HINT: Record<ShareMode, MessageKey> = {
  view: "share.modeHint.view",
  preview: "share.modeHint.preview",
  upload: "share.modeHint.upload",
  edit: "share.modeHint.edit",
};

export const PERMISSION_LABEL: Record<GrantPermission, MessageKey> = {
  view: "share.permission.view",
  edit: "share.permission.edit",
};
