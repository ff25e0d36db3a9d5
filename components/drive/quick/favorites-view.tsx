"use client";

import { useQuery } from "@tanstack/react-query";
import { Star } from "lucide-react";
import { QuickNodeList } from "@/components/drive/quick/quick-node-list";
import { TitledPage } from "@/components/shell/titled-page";
import { StarButton } from "@/components/drive/quick/star-button";
import { listFavorites } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** /favorites: the starred items the user can still read, newest star first. */
export function FavoritesView() {
  const t = useT();
  const query = useQuery({ queryKey: queryKeys.favorites, queryFn: listFavorites, select: (data) => data.items });
  return (
    <TitledPage title="quick.favoritesTitle">
      <QuickNodeList
        query={query}
        testId="favorites-list"
        empty={{ icon: <Star className="size-7" aria-hidden />, title: t("quick.favoritesEmpty"), hint: t("quick.favoritesEmptyHint") }}
        action={(item) => <StarButton node={item} />}
      />
    </TitledPage>
  );
}
