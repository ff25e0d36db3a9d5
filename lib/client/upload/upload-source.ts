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
 * What a drop brings: the files, and the folders that hold no file at all (the deepest ones only, e.g. "a/b/c"),
 * which no upload would create, so they are made with mkdir -p semantics.
 */
export type DroppedItems = { files: UploadSource[]; emptyFolders: string[] };

/**
 * Files from a drop, walking dropped folders. The entries must be taken from the DataTransfer synchronously
 * inside the drop handler (it is emptied afterwards), so call this directly from `onDrop`.
 */
export function sourcesFromDataTransfer(dataTransfer: DataTransfer): Promise<DroppedItems> {
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
  if (entries.length === 0 && looseFiles.length === 0) return Promise.resolve({ files: sourcesFromFileList(dataTransfer.files), emptyFolders: [] });
  return sourcesFromEntries(entries).then(({ files, emptyFolders }) => ({
    files: [...files, ...looseFiles.map((file) => ({ file, relativePath: file.name }))],
    emptyFolders,
  }));
}

/** Walks file-system entries (from `webkitGetAsEntry`): every file below them, and the folders without any. */
export async function sourcesFromEntries(entries: FileSystemEntry[]): Promise<DroppedItems> {
  const walked = await Promise.all(entries.map((entry) => walkEntry(entry, "")));
  return { files: walked.flatMap((item) => item.files), emptyFolders: walked.flatMap((item) => item.emptyFolders) };
}

async function walkEntry(entry: FileSystemEntry, prefix: string): Promise<DroppedItems> {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return { files: [{ file, relativePath: path }], emptyFolders: [] };
  }
  if (!entry.isDirectory) return { files: [], emptyFolders: [] };
  const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
  const nested = await Promise.all(children.map((child) => walkEntry(child, path + "/")));
  const files = nested.flatMap((item) => item.files);
  const emptyFolders = nested.flatMap((item) => item.emptyFolders);
  // Nothing below at all: this folder is a leaf to create. Otherwise the files' paths or the deeper leaves imply it.
  return { files, emptyFolders: files.length === 0 && emptyFolders.length === 0 ? [path] : emptyFolders };
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
