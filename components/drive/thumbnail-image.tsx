"use client";

import { useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

type Load = { src: string | null; attempt: number; state: "loading" | "loaded" | "waiting" | "failed" };

/** Retries of a thumbnail that is not rendered yet (the server answers 404 until its job has run), in ms. */
const RETRY_DELAYS = [1500, 3000, 6000, 12000];

type ThumbnailImageProps = {
  /** the thumbnail URL, or null for files without one */
  src: string | null;
  /** a larger rendition for high-density screens (srcset 2x) */
  src2x?: string | null;
  /** shown when there is no thumbnail and if it never comes; also while it loads, unless `placeholder` is given */
  fallback: ReactNode;
  /** shown while the thumbnail loads (null: nothing, e.g. a tile's background; a virtual list then creates no icon for rows whose thumbnail shows) */
  placeholder?: ReactNode;
  className?: string;
  alt?: string;
  testId?: string;
  /** true: a thumbnail not loaded yet is not asked for (the <img> stays, without a source) until this turns false */
  hold?: boolean;
};

/**
 * A lazily loaded thumbnail over its fallback (the file's icon). A thumbnail still being rendered is asked for again
 * a few times; one that never comes leaves the fallback.
 */
export function ThumbnailImage({ src, src2x, fallback, placeholder = fallback, className, alt = "", testId = "thumbnail", hold = false }: ThumbnailImageProps) {
  const [load, setLoad] = useState<Load>({ src, attempt: 0, state: "loading" });
  // A new file or content (the URL carries its ETag) starts over, in the same <img>: a virtual list hands a row's
  // elements to the next row scrolled in (see useVirtualWindow's slotOf). Until the new image loads it is hidden.
  if (load.src !== src) setLoad({ src, attempt: 0, state: "loading" });
  const { attempt, state }: Load = load.src === src ? load : { src, attempt: 0, state: "loading" };

  useEffect(() => {
    if (load.state !== "waiting") return;
    const timer = setTimeout(() => setLoad((l) => (l.src === load.src ? { ...l, attempt: l.attempt + 1, state: "loading" } : l)), RETRY_DELAYS[load.attempt]);
    return () => clearTimeout(timer);
  }, [load]);

  if (!src || state === "failed") return <>{fallback}</>;
  const retry = (url: string) => (attempt > 0 ? `${url}&r=${attempt}` : url);
  const waiting = hold && state !== "loaded";
  return (
    <>
      {state !== "loaded" && placeholder}
      <img
        src={waiting ? undefined : retry(src)}
        srcSet={src2x && !waiting ? `${retry(src)} 1x, ${retry(src2x)} 2x` : undefined}
        alt={alt}
        loading="lazy"
        decoding="async"
        draggable={false}
        data-testid={testId}
        onLoad={() => setLoad((l) => (l.src === src ? { ...l, state: "loaded" } : l))}
        onError={() => setLoad((l) => (l.src === src ? { ...l, state: l.attempt < RETRY_DELAYS.length ? "waiting" : "failed" } : l))}
        className={cn(className, state !== "loaded" && "opacity-0")}
      />
    </>
  );
}
