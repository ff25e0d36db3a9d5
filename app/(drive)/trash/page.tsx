import type { Metadata } from "next";
import { requireUser } from "@/components/shell/require-user";
import { TrashView } from "@/components/trash/trash-view";
import { getServerTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerTranslator();
  return { title: t("trash.title") };
}

export default async function TrashPage() {
  await requireUser();
  return <TrashView />;
}
