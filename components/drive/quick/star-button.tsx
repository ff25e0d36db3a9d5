"use client";

import { useQuery } from "@tanstack/react-query";
import { Star } from "lucide-react";
import { useFavoriteToggle } from "@/components/drive/quick/use-favorite";
import { cn } from "@/components/ui/cn";
import { IconButton } from "@/components/ui/icon-button";
import type { NodeView } from "@/lib/client/api-types";
import { nodeMarks } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** One item's marks (star, tags, shared), asked on its own: the details panel. */
export function useSingleMarks(nodeId: number) {
  const ids = [nodeId];
  return useQuery({ queryKey: queryKeys.marks(ids), queryFn: () => nodeMarks(ids), select: (data) => data.marks[nodeId] });
}

/** A star that toggles the item's favourite state. */
export function StarButton({ node }: { node: Pick<NodeView, "id" | "name"> }) {
  const t = useT();
  const marks = useSingleMarks(node.id);
  const starred = marks.data?.favorite ?? false;
  const toggle = useFavoriteToggle();
  return (
    <IconButton
      label={t(starred ? "quick.unstar" : "quick.star")}
      aria-pressed={starred}
      data-testid="star-button"
      disabled={marks.isPending || toggle.isPending}
      onClick={() => toggle.mutate({ id: node.id, name: node.name, favorite: !starred })}
    >
      <Star className={cn("size-5", starred ? "fill-amber-400 text-amber-500" : "")} aria-hidden />
    </IconButton>
  );
}
