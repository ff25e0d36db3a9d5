import { notFound, redirect } from "next/navigation";
import { DriveView } from "@/components/drive/drive-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";
import { services } from "@/lib/container";

function partnerHomeFolder(userId: number): Promise<number | null> {
  return services().partners.homeFolder({ userId, role: "partner" });
}

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("drive.title");

/** /files is the user's root folder, /files/<id> any folder below it. */
export default async function FilesPage({ params }: { params: Promise<{ folder?: string[] }> }) {
  const user = await requireUser();
  const { folder } = await params;
  // A partner has nothing of its own outside its team: its home is its folder there.
  const partnerHome = !folder && user.role === "partner" ? await partnerHomeFolder(user.id) : null;
  if (partnerHome !== null) redirect(`/files/${partnerHome}`);
  if (folder && (folder.length > 1 || !/^\d+$/.test(folder[0]))) notFound();
  return <DriveView folderId={folder ? Number(folder[0]) : null} />;
}
