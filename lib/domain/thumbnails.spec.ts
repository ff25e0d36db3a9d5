import { describe, expect, it } from "vitest";
import { hasThumbnail, parseThumbnailSize, thumbnailSource } from "./thumbnails";

describe("thumbnail rules", () => {
  it("knows which types get one, and how", () => {
    expect(thumbnailSource("image/jpeg")).toBe("image");
    expect(thumbnailSource("IMAGE/HEIC")).toBe("image");
    expect(thumbnailSource("image/avif")).toBe("image");
    expect(thumbnailSource("image/svg+xml")).toBe("svg");
    expect(thumbnailSource("video/quicktime")).toBe("video");
    expect(thumbnailSource("application/pdf")).toBe("pdf");
    // A playlist or an unknown container is never handed to ffmpeg; text and folders get none.
    expect(thumbnailSource("application/vnd.apple.mpegurl")).toBeNull();
    expect(thumbnailSource("video/x-flv")).toBeNull();
    expect(thumbnailSource("text/plain")).toBeNull();
    expect(thumbnailSource(null)).toBeNull();
    expect(hasThumbnail({ isFolder: true, mimeType: "image/png" })).toBe(false);
  });

  it("accepts the two sizes only (256 by default)", () => {
    expect(parseThumbnailSize(null)).toBe(256);
    expect(parseThumbnailSize("1024")).toBe(1024);
    expect(parseThumbnailSize("512")).toBeNull();
    expect(parseThumbnailSize("abc")).toBeNull();
  });
});
