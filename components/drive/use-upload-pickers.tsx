"use client";

import { useCallback, useRef, type ChangeEvent } from "react";
import { useUpload, type UploadTarget } from "@/components/upload/upload-provider";
import { sourcesFromFileList } from "@/lib/client/upload/upload-source";
import { useT } from "@/lib/i18n/provider";

/**
 * The hidden file inputs behind "Upload files" and "Upload folder". The files input accepts anything,
 * so phones offer the camera roll as well as files.
 */
export function useUploadPickers(target: UploadTarget) {
  const t = useT();
  const { startUpload } = useUpload();
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = event.target.files;
    if (files && files.length > 0) void startUpload(sourcesFromFileList(files), target);
    event.target.value = "";
  };

  // React has no prop for webkitdirectory; set it on the element.
  const setFolderInput = useCallback((element: HTMLInputElement | null) => {
    folderRef.current = element;
    element?.setAttribute("webkitdirectory", "");
  }, []);

  const inputs = (
    <>
      <input ref={filesRef} type="file" multiple hidden onChange={onChange} aria-label={t("drive.uploadFiles")} data-testid="upload-files-input" />
      <input ref={setFolderInput} type="file" multiple hidden onChange={onChange} aria-label={t("drive.uploadFolder")} data-testid="upload-folder-input" />
    </>
  );

  return {
    inputs,
    pickFiles: () => filesRef.current?.click(),
    pickFolder: () => folderRef.current?.click(),
  };
}
