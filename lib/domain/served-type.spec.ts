import { describe, expect, it } from "vitest";
import { servedType } from "./served-type";

describe("servedType", () => {
  it.each([
    ["image/png", "image/png"],
    ["image/jpeg", "image/jpeg"],
    ["video/webm", "video/webm"],
    ["audio/mpeg", "audio/mpeg"],
    ["application/pdf", "application/pdf"],
    ["text/plain", "text/plain; charset=utf-8"],
    ["text/markdown", "text/markdown; charset=utf-8"],
    ["text/csv", "text/csv; charset=utf-8"],
    ["Text/Plain; charset=iso-8859-1", "text/plain; charset=utf-8"],
  ])("shows %s inline as %s", (mime, contentType) => {
    expect(servedType(mime)).toEqual({ contentType, inline: true });
  });

  it.each([
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "application/xslt+xml",
    "application/rdf+xml",
    "application/mathml+xml",
    "text/mathml",
    "application/atom+xml",
    "text/javascript",
    "application/javascript",
  ])("sends active %s as an octet-stream attachment", (mime) => {
    expect(servedType(mime)).toEqual({ contentType: "application/octet-stream", inline: false });
  });

  it.each([
    ["application/json", "application/json"],
    ["application/zip", "application/zip"],
    ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["text/css", "text/css; charset=utf-8"],
    ["text/calendar", "text/calendar; charset=utf-8"],
  ])("keeps the type of passive %s but as an attachment", (mime, contentType) => {
    expect(servedType(mime)).toEqual({ contentType, inline: false });
  });

  it("treats an unknown or malformed type as bytes to download", () => {
    for (const mime of [null, undefined, "", "nonsense", "text/html\nx"]) expect(servedType(mime)).toEqual({ contentType: "application/octet-stream", inline: false });
  });
});

describe("servedType, remembered per stored type", () => {
  it("answers the same for a type asked again, and a caller's change to an answer changes no later one", () => {
    const first = servedType("text/plain");
    first.contentType = "text/html";
    first.inline = false;
    expect(servedType("text/plain")).toEqual({ contentType: "text/plain; charset=utf-8", inline: true });
    expect(servedType("image/svg+xml")).toEqual(servedType("image/svg+xml"));
  });
});
