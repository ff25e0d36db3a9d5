"use client";

import { Star, StarOff } from "lucide-react";
import { useNodeMark } from "@/components/drive/quick/node-marks";
import { useFavoriteToggle } from "@/components/drive/quick/use-favorite";
import { MenuItem } from "@/components/ui/menu";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

/** "Add to favourites" / "Remove from favourites" in a row's menu. */
export function FavoriteMenuItem({ node }: { node: NodeView }) {
  const t = useT();
  const starred = useNodeMark(node.id)?.favorite ?? false;
  const toggle = useFavoriteToggle();
  return (
    <MenuItem icon={starred ? <StarOff /> : <Star />} onSelect={() => toggle.mutate({ id: node.id, name: node.name, favorite: !starred })} testId="menu-favorite">
      {t(starred ? "quick.unstar" : "quick.star")}
    </MenuItem>
  );
}
