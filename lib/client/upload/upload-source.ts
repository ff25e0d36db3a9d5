/** One file to upload and where it goes below the target folder. */
export type UploadSource = {
  file: File;
  /** Path inside the target folder including the file name: "a.jpg" or "photos/2024/a.jpg". */
  relativePath: string;
};

export function isTopLevel(source: UploadSource): boolean {
  return !source.relativePath.includes("/");
}

/** Files from <input type=file>, keeping the folder structure of a `webkitdirectory` pick. */
export function sourcesFromFileList(files: FileList | File[]): UploadSource[] {
  return Array.from(files, (file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

/**
 * Files from a drop, walking dropped folders. The entries must be taken from the DataTransfer synchronously
 * inside the drop handler (it is emptied afterwards), so call this directly from `onDrop`.
 */
export function sourcesFromDataTransfer(dataTransfer: DataTransfer): Promise<UploadSource[]> {
  const entries: FileSystemEntry[] = [];
  const looseFiles: File[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== "file") continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) looseFiles.push(file);
    }
  }
  if (entries.length === 0 && looseFiles.length === 0) return Promise.resolve(sourcesFromFileList(dataTransfer.files));
  return Promise.all(entries.map((entry) => walkEntry(entry, ""))).then((lists) => [
    ...lists.flat(),
    ...looseFiles.map((file) => ({ file, relativePath: file.name })),
  ]);
}

async function walkEntry(entry: FileSystemEntry, prefix: string): Promise<UploadSource[]> {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, relativePath: path }];
  }
  if (!entry.isDirectory) return [];
  const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
  const lists = await Promise.all(children.map((child) => walkEntry(child, path + "/")));
  return lists.flat();
}

/** readEntries() hands out a batch (about 100) per call; call until it returns nothing. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** True when a drag carries files (not text or a link from the page). */
export function dragHasFiles(dataTransfer: DataTransfer | null): boolean {
  return !!dataTransfer && Array.from(dataTransfer.types).includes("Files");
}
