"use client";

import { Star } from "lucide-react";
import { NodeListPage } from "@/components/drive/quick/node-list-page";
import { StarButton } from "@/components/drive/quick/star-button";
import { listFavorites } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** /favorites: the starred items the user can still read, newest star first. */
export function FavoritesView() {
  const t = useT();
  return (
    <NodeListPage
      title="quick.favoritesTitle"
      queryKey={queryKeys.favorites}
      queryFn={listFavorites}
      testId="favorites-list"
      empty={{ icon: <Star className="size-7" aria-hidden />, title: t("quick.favoritesEmpty"), hint: t("quick.favoritesEmptyHint") }}
      action={(item) => <StarButton node={item} />}
    />
  );
}
