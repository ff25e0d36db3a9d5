"use client";

import { NodeIcon } from "@/components/drive/node-icon";
import { ThumbnailImage } from "@/components/drive/thumbnail-image";
import type { PublicEntry } from "@/lib/client/share-api";
import { atSize } from "@/lib/client/thumbnails";

/** A shared entry's thumbnail (the drive's cached one, through the link's rules), else its icon. */
export function PublicThumbnail({ entry, small }: { entry: PublicEntry; small?: boolean }) {
  if (small) {
    return (
      <span className="relative flex size-10 shrink-0 items-center justify-center">
        <ThumbnailImage src={entry.thumbnailUrl ?? null} fallback={<NodeIcon node={entry} />} className="absolute inset-0 size-10 rounded-md object-cover" />
      </span>
    );
  }
  return (
    <ThumbnailImage
      src={entry.thumbnailUrl ?? null}
      src2x={entry.thumbnailUrl && atSize(entry.thumbnailUrl, 1024)}
      fallback={<NodeIcon node={entry} className="size-10 stroke-[1.25]" />}
      className="absolute inset-0 size-full object-cover"
      testId="public-thumb"
    />
  );
}
