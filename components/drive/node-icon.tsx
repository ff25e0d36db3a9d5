import { File, FileArchive, FileAudio, FileCode, FileImage, FileSpreadsheet, FileText, FileVideo, Folder, Presentation, type LucideIcon } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { fileKind, type FileKind } from "@/lib/domain/file-kind";

const icons: Record<FileKind, { icon: LucideIcon; color: string }> = {
  folder: { icon: Folder, color: "text-brand-500 fill-brand-100 dark:text-brand-400 dark:fill-brand-950" },
  image: { icon: FileImage, color: "text-emerald-600 dark:text-emerald-400" },
  video: { icon: FileVideo, color: "text-violet-600 dark:text-violet-400" },
  audio: { icon: FileAudio, color: "text-pink-600 dark:text-pink-400" },
  pdf: { icon: FileText, color: "text-red-600 dark:text-red-400" },
  text: { icon: FileText, color: "text-sky-600 dark:text-sky-400" },
  document: { icon: FileText, color: "text-blue-600 dark:text-blue-400" },
  spreadsheet: { icon: FileSpreadsheet, color: "text-green-600 dark:text-green-400" },
  presentation: { icon: Presentation, color: "text-orange-600 dark:text-orange-400" },
  archive: { icon: FileArchive, color: "text-amber-600 dark:text-amber-400" },
  code: { icon: FileCode, color: "text-teal-600 dark:text-teal-400" },
  file: { icon: File, color: "text-zinc-500 dark:text-zinc-400" },
};

export function NodeIcon({ node, className }: { node: { isFolder: boolean; name: string; mimeType: string | null }; className?: string }) {
  const kind = fileKind(node);
  const { icon: Icon, color } = icons[kind];
  return <Icon className={cn("size-5 shrink-0", color, className)} aria-hidden data-kind={kind} />;
}
