import type { Metadata } from "next";
import { PublicShareView } from "@/components/share/public/public-share-view";
import { services } from "@/lib/container";
import { getServerTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

/** The link's name for the tab and Open Graph; null for unknown, revoked, expired and password-protected links. */
function publicTitle(token: string): Promise<string | null> {
  return services().visitors.publicTitle(token).catch(() => null);
}

// Open Graph carries the name only: no owner, size, description or preview image.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const name = await publicTitle(token);
  const robots = { index: false, follow: false };
  // The token is the key: it must not leave in a Referer header when a visitor follows a link from the page.
  const referrer = "no-referrer" as const;
  if (!name) {
    const t = await getServerTranslator();
    return { title: t("public.pageTitle"), robots, referrer, openGraph: null, description: null };
  }
  return { title: name, description: null, robots, referrer, openGraph: { title: name } };
}

export default async function PublicSharePage({ params }: Props) {
  const { token } = await params;
  return <PublicShareView token={token} />;
}
