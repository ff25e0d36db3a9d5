"use client";

import type { ComponentProps } from "react";
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { QuickNodeList } from "@/components/drive/quick/quick-node-list";
import { TitledPage } from "@/components/shell/titled-page";
import type { NodeView } from "@/lib/client/api-types";
import type { MessageKey } from "@/lib/i18n/translate";

type NodeListPageProps<T extends NodeView> = Omit<ComponentProps<typeof QuickNodeList<T>>, "query"> & {
  title: MessageKey;
  queryKey: QueryKey;
  queryFn: () => Promise<{ items: T[] }>;
};

/** A page that is one flat list of items from anywhere the user can read (Favourites, Recent): its title and the list. */
export function NodeListPage<T extends NodeView>({ title, queryKey, queryFn, ...list }: NodeListPageProps<T>) {
  const query = useQuery({ queryKey, queryFn, select: (data) => data.items });
  return (
    <TitledPage title={title}>
      <QuickNodeList query={query} {...list} />
    </TitledPage>
  );
}
