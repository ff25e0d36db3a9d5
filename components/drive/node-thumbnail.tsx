"use client";

import { NodeIcon } from "@/components/drive/node-icon";
import { ThumbnailImage } from "@/components/drive/thumbnail-image";
import { cn } from "@/components/ui/cn";
import type { NodeView } from "@/lib/client/api-types";
import { thumbnailUrl } from "@/lib/client/thumbnails";

/** A list row's picture: the file's small thumbnail in a 32 px square, else its icon (not drawn while the thumbnail loads). */
export function NodeThumbnail({ node }: { node: NodeView }) {
  return (
    <span className="relative flex size-8 shrink-0 items-center justify-center">
      <ThumbnailImage
        src={thumbnailUrl(node, 256)}
        fallback={<NodeIcon node={node} />}
        placeholder={null}
        className="absolute inset-0 size-8 rounded-md object-cover ring-1 ring-zinc-200 dark:ring-zinc-700"
      />
    </span>
  );
}

/** A grid tile's picture: the thumbnail filling the square (1024 on dense screens), else the icon centred (not drawn while the thumbnail loads). */
export function TileThumbnail({ node, className, hold = false }: { node: NodeView; className?: string; hold?: boolean }) {
  return (
    <div className={cn("relative flex min-h-0 w-full flex-1 items-center justify-center overflow-hidden bg-zinc-50 dark:bg-zinc-900", className)}>
      <ThumbnailImage
        src={thumbnailUrl(node, 256)}
        src2x={thumbnailUrl(node, 1024)}
        fallback={<NodeIcon node={node} className="size-12 stroke-[1.25]" />}
        placeholder={null}
        hold={hold}
        className="absolute inset-0 size-full object-cover"
      />
    </div>
  );
}

/** The details panel's picture: the large thumbnail, whole, else the icon. */
export function DetailsThumbnail({ node }: { node: NodeView }) {
  return (
    <ThumbnailImage
      src={thumbnailUrl(node, 1024)}
      fallback={<NodeIcon node={node} className="size-12 stroke-[1.25]" />}
      className="max-h-56 w-auto max-w-full rounded-lg object-contain"
    />
  );
}
