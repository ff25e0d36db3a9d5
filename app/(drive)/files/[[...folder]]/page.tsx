import { notFound } from "next/navigation";
import { DriveView } from "@/components/drive/drive-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("drive.title");

/** /files is the user's root folder, /files/<id> any folder below it. */
export default async function FilesPage({ params }: { params: Promise<{ folder?: string[] }> }) {
  await requireUser();
  const { folder } = await params;
  if (folder && (folder.length > 1 || !/^\d+$/.test(folder[0]))) notFound();
  return <DriveView folderId={folder ? Number(folder[0]) : null} />;
}
