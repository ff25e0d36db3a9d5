"use client";

import { useQuery } from "@tanstack/react-query";
import { Logo } from "@/components/brand/logo";
import { getSite } from "@/lib/client/admin-api";
import { useT } from "@/lib/i18n/provider";

/** The shell's brand: the site's logo and name from Admin → Settings, Haven's own mark until they load or when unset. */
export function SiteBrand() {
  const t = useT();
  const site = useQuery({ queryKey: ["site"], queryFn: getSite, staleTime: 5 * 60_000 });
  const name = site.data?.name ?? t("app.name");
  if (!site.data?.logoUrl) return <Logo label={name} />;
  return (
    <span className="inline-flex items-center gap-2.5" data-testid="site-brand">
      { }
      <img src={site.data.logoUrl} alt="" className="size-8 rounded-lg object-contain" />
      <span className="text-lg font-semibold tracking-tight">{name}</span>
    </span>
  );
}
