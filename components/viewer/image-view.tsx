"use client";

import { useEffect, useRef, useState, type PointerEvent } from "react";
import { RotateCw, ZoomIn, ZoomOut } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { useT } from "@/lib/i18n/provider";

const MIN_ZOOM = 1;
const MAX_ZOOM = 8;
/** A horizontal drag longer than this (px) at normal size is a swipe to the next or previous image. */
const SWIPE = 50;

/** Zoom and rotation of the shown image; rotation is display only (the file is never changed). */
export interface ImageTransform {
  zoom: number;
  rotation: number;
  x: number;
  y: number;
}
const INITIAL: ImageTransform = { zoom: 1, rotation: 0, x: 0, y: 0 };

/** The keys the lightbox answers, as transforms (arrows and Escape belong to the viewer). */
export function keyTransform(key: string, current: ImageTransform): ImageTransform | null {
  if (key === "+" || key === "=") return zoomTo(current, current.zoom * 1.5);
  if (key === "-" || key === "_") return zoomTo(current, current.zoom / 1.5);
  if (key === "0") return INITIAL;
  if (key === "r" || key === "R") return { ...current, rotation: (current.rotation + 90) % 360 };
  return null;
}

function zoomTo(current: ImageTransform, zoom: number): ImageTransform {
  const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
  // Back at normal size the image is centred again.
  return next === MIN_ZOOM ? { ...current, zoom: next, x: 0, y: 0 } : { ...current, zoom: next };
}

/**
 * One image of the lightbox: fitted to the screen, zoom (buttons, + and -, the wheel, a double click), rotate on
 * display (button, R), drag to pan when zoomed, swipe to the neighbours at normal size. The browser applies the
 * file's EXIF orientation itself (`image-orientation: from-image`, the default), before the display rotation.
 */
export function ImageView({ url, name, noDownload, onPrevious, onNext }: { url: string; name: string; noDownload: boolean; onPrevious?: () => void; onNext?: () => void }) {
  const t = useT();
  const [transform, setTransform] = useState(INITIAL);
  const drag = useRef<{ x: number; y: number; startX: number; startY: number; moved: boolean } | null>(null);
  const latest = useRef(transform);
  useEffect(() => {
    latest.current = transform;
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const next = keyTransform(event.key, latest.current);
      if (!next) return;
      event.preventDefault();
      setTransform(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, startX: transform.x, startY: transform.y, moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    const start = drag.current;
    if (!start || transform.zoom === 1) return;
    start.moved = true;
    setTransform((current) => ({ ...current, x: start.startX + event.clientX - start.x, y: start.startY + event.clientY - start.y }));
  };
  const onPointerUp = (event: PointerEvent) => {
    const start = drag.current;
    drag.current = null;
    if (!start || transform.zoom !== 1) return;
    const dx = event.clientX - start.x;
    if (Math.abs(dx) > SWIPE && Math.abs(dx) > Math.abs(event.clientY - start.y)) (dx < 0 ? onNext : onPrevious)?.();
  };

  const sideways = transform.rotation % 180 !== 0;
  return (
    <div className="relative flex h-full w-full flex-col" data-testid="image-view">
      <div
        className="relative flex min-h-0 flex-1 touch-none items-center justify-center overflow-hidden select-none [container-type:size]"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onDoubleClick={() => setTransform((current) => zoomTo(current, current.zoom > 1 ? 1 : 2))}
        onWheel={(event) => setTransform((current) => zoomTo(current, current.zoom * (event.deltaY < 0 ? 1.2 : 1 / 1.2)))}
        style={{ cursor: transform.zoom > 1 ? "grab" : undefined }}
      >
        <img
          key={url}
          src={url}
          alt={name}
          draggable={false}
          onContextMenu={noDownload ? (event) => event.preventDefault() : undefined}
          className="block object-contain transition-transform duration-150"
          style={{
            // A quarter turn swaps the box the image must fit into.
            maxWidth: sideways ? "100cqh" : "100cqw",
            maxHeight: sideways ? "100cqw" : "100cqh",
            transform: `translate(${transform.x}px, ${transform.y}px) rotate(${transform.rotation}deg) scale(${transform.zoom})`,
          }}
          data-testid="image-preview"
          data-zoom={transform.zoom}
          data-rotation={transform.rotation}
        />
      </div>
      <div className="mx-auto my-1.5 flex items-center justify-center gap-1 rounded-full bg-zinc-900/75 px-2 text-zinc-100">
        <IconButton label={t("viewer.zoomOut")} onClick={() => setTransform((c) => zoomTo(c, c.zoom / 1.5))} disabled={transform.zoom <= MIN_ZOOM} className="text-zinc-200 hover:bg-zinc-700 hover:text-white" data-testid="image-zoom-out">
          <ZoomOut className="size-5" aria-hidden />
        </IconButton>
        <span className="w-12 text-center text-xs text-zinc-300 tabular-nums">{Math.round(transform.zoom * 100)}%</span>
        <IconButton label={t("viewer.zoomIn")} onClick={() => setTransform((c) => zoomTo(c, c.zoom * 1.5))} disabled={transform.zoom >= MAX_ZOOM} className="text-zinc-200 hover:bg-zinc-700 hover:text-white" data-testid="image-zoom-in">
          <ZoomIn className="size-5" aria-hidden />
        </IconButton>
        <IconButton label={t("viewer.rotate")} onClick={() => setTransform((c) => ({ ...c, rotation: (c.rotation + 90) % 360 }))} className="text-zinc-200 hover:bg-zinc-700 hover:text-white" data-testid="image-rotate">
          <RotateCw className="size-5" aria-hidden />
        </IconButton>
      </div>
    </div>
  );
}
