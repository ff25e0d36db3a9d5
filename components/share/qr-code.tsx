"use client";

import { useEffect, useState } from "react";
import QRCode from "qrcode";

/** A QR code of `text`, drawn in the browser (no request leaves the page). */
export function QrCode({ text, label, size = 176 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: size * 2, errorCorrectionLevel: "M" })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text, size]);
  return (
    <div className="inline-flex rounded-xl bg-white p-2 shadow-xs ring-1 ring-zinc-200 dark:ring-zinc-700" style={{ width: size + 16, height: size + 16 }}>
      {src && <img src={src} alt={label} width={size} height={size} data-testid="share-qr" />}
    </div>
  );
}
