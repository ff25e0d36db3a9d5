"use client";

import { useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

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
};

/**
 * A lazily loaded thumbnail over its fallback (the file's icon). A thumbnail still being rendered is asked for again
 * a few times; one that never comes leaves the fallback.
 */
export function ThumbnailImage(props: ThumbnailImageProps) {
  // A new file or content (the URL carries its ETag) starts over.
  return <RetryingImage key={props.src ?? ""} {...props} />;
}

function RetryingImage({ src, src2x, fallback, placeholder = fallback, className, alt = "", testId = "thumbnail" }: ThumbnailImageProps) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<"loading" | "loaded" | "waiting" | "failed">("loading");

  useEffect(() => {
    if (state !== "waiting") return;
    const timer = setTimeout(() => {
      setAttempt((a) => a + 1);
      setState("loading");
    }, RETRY_DELAYS[attempt]);
    return () => clearTimeout(timer);
  }, [state, attempt]);

  if (!src || state === "failed") return <>{fallback}</>;
  const retry = (url: string) => (attempt > 0 ? `${url}&r=${attempt}` : url);
  return (
    <>
      {state !== "loaded" && placeholder}
      <img
        src={retry(src)}
        srcSet={src2x ? `${retry(src)} 1x, ${retry(src2x)} 2x` : undefined}
        alt={alt}
        loading="lazy"
        decoding="async"
        draggable={false}
        data-testid={testId}
        onLoad={() => setState("loaded")}
        onError={() => setState(attempt < RETRY_DELAYS.length ? "waiting" : "failed")}
        className={cn(className, state !== "loaded" && "opacity-0")}
      />
    </>
  );
}
