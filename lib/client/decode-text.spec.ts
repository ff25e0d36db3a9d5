import { describe, expect, it } from "vitest";
import { decodeText } from "./decode-text";

/** Bytes of `text` in a legacy encoding, made with Python's codecs when the test was written (Node cannot encode them). */
const GBK = Buffer.from("bbe1d2e9bcc7c2bca3bad6dccee5b7a2b2bcd0c2b0e6b1bea1a3ced2c3c7d0e8d2aac1cbcfc2d6dcd2bbd6aec7b0cdeab3c9cbf9d3d0b5c4b2e2cad4b9a4d7f7a1a3", "hex");
const BIG5 = Buffer.from("b77cc4b3b04fbffda147b667a4adb56fa747b773aaa9a5bba143a7daadccbbddad6ea662a455b667a440a4a7ab65a7b9a6a8a9d2a6b3aabab4fab8d5a475a740a143", "hex");

describe("decodeText", () => {
  it("reads UTF-8, also when the bytes stop inside a character", async () => {
    const bytes = Buffer.from("会议记录：周五发布");
    expect(await decodeText(bytes)).toEqual({ text: "会议记录：周五发布", encoding: "utf-8" });
    expect((await decodeText(bytes.subarray(0, bytes.length - 1), { truncated: true })).text).toBe("会议记录：周五发");
  });

  it("detects GBK (read as GB18030) and Big5", async () => {
    expect(await decodeText(GBK)).toEqual({ text: "会议记录：周五发布新版本。我们需要了下周一之前完成所有的测试工作。", encoding: "gb18030" });
    expect((await decodeText(BIG5)).encoding).toBe("big5");
    expect((await decodeText(BIG5)).text).toContain("會議記錄");
  });

  it("honours a UTF-16 byte-order mark, and falls back to Windows-1252 for stray bytes", async () => {
    expect((await decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("héllo", "utf16le")]))).text).toBe("héllo");
    expect((await decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).text).toMatch(/^caf./);
  });
});
