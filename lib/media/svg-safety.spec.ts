import { describe, expect, it } from "vitest";
import { svgIsSelfContained } from "./svg-safety";

const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">${inner}</svg>`;

describe("svgIsSelfContained", () => {
  it("accepts shapes, fragment references and inline raster images", () => {
    expect(svgIsSelfContained(wrap('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/>'))).toBe(true);
    expect(svgIsSelfContained(wrap('<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'))).toBe(true);
  });

  it.each([
    ["an external image", '<image href="https://example.com/a.png"/>'],
    ["a local file", '<image xlink:href="file:///etc/passwd"/>'],
    ["a relative file", "<image href='secret.png'/>"],
    ["an external url() in a style", '<rect style="fill:url(http://evil/x#a)"/>'],
    ["an svg data: document", '<image href="data:image/svg+xml;base64,PHN2Zz4="/>'],
    ["a script", "<script>alert(1)</script>"],
    ["an @import", "<style>@import url(#x);</style>"],
    ["foreign HTML", "<foreignObject><div/></foreignObject>"],
  ])("refuses %s", (_, inner) => {
    expect(svgIsSelfContained(wrap(inner))).toBe(false);
  });

  it("refuses a DTD with entities", () => {
    expect(svgIsSelfContained(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${wrap("&x;")}`)).toBe(false);
  });
});
