import { describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { extractText, xmlText } from "./text-extract";

describe("text extraction", () => {
  it("reads the text runs of Office XML, with paragraph breaks and entities", () => {
    expect(xmlText(`<w:body><w:p><w:r><w:t>Hello</w:t></w:r><w:r><w:tab/><w:t>world &amp; more</w:t></w:r></w:p><w:p><w:t>&#x4E2D;文</w:t></w:p></w:body>`)).toBe(
      "Hello world & more\n中文",
    );
  });

  it("extracts docx, pptx, OpenDocument and UTF-16 text; a zip bomb part is refused", async () => {
    const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
    expect(await extractText("docx", zip({ "word/document.xml": "<w:p><w:t>inside docx</w:t></w:p>", "word/styles.xml": "<x>not text</x>" }))).toBe("inside docx");
    expect(await extractText("pptx", zip({ "ppt/slides/slide2.xml": "<a:p><a:t>second</a:t></a:p>", "ppt/slides/slide1.xml": "<a:p><a:t>first</a:t></a:p>" }))).toBe("first\nsecond");
    expect(await extractText("opendocument", zip({ "content.xml": "<text:p>odt text</text:p>" }))).toBe("odt text");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("héllo 世界", "utf16le")]);
    expect(await extractText("text", utf16)).toBe("héllo 世界");
    const bomb = zipSync({ "word/document.xml": new Uint8Array(40 * 1024 * 1024) });
    await expect(extractText("docx", bomb)).rejects.toThrow(/unpacks to more than/);
  });
});
