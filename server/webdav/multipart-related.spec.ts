import { describe, expect, it } from "vitest";
import { boundaryOf, parseMultipartRelated } from "./multipart-related";

const part = (headers: Record<string, string>, body: string | Buffer) =>
  Buffer.concat([Buffer.from(`${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`), Buffer.from(body)]);
const multipart = (boundary: string, parts: Buffer[]) =>
  Buffer.concat([...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n`), p, Buffer.from("\r\n")]), Buffer.from(`--${boundary}--\r\n`)]);

describe("multipart/related (bulk upload bodies)", () => {
  it("reads the boundary, quoted or not, and refuses other types", () => {
    expect(boundaryOf('multipart/related; boundary="abc def"')).toBe("abc def");
    expect(boundaryOf("multipart/related;boundary=xyz; type=foo")).toBe("xyz");
    expect(() => boundaryOf("multipart/form-data; boundary=x")).toThrow(/multipart\/related/);
    expect(() => boundaryOf(undefined)).toThrow();
  });

  it("splits parts by Content-Length, even when the bytes contain the boundary, and without it by the delimiter", () => {
    const tricky = Buffer.from("a\r\n--b0und\r\nstill data");
    const body = multipart("b0und", [
      part({ "X-File-Path": "/a.txt", "Content-Length": String(tricky.length) }, tricky),
      part({ "X-File-Path": "/中文.txt" }, "plain"),
      part({ "Content-Length": "0" }, ""),
    ]);
    const parts = parseMultipartRelated(body, "b0und");
    expect(parts).toHaveLength(3);
    expect(parts[0]!.body.equals(tricky)).toBe(true);
    expect(parts[0]!.headers["x-file-path"]).toBe("/a.txt");
    expect(parts[1]!.headers["x-file-path"]).toBe("/中文.txt");
    expect(parts[1]!.body.toString()).toBe("plain");
    expect(parts[2]!.body.length).toBe(0);
  });

  it("refuses broken framing: a short part, a long part, no closing boundary, a header without a name", () => {
    const short = multipart("b", [part({ "Content-Length": "10" }, "abc")]);
    expect(() => parseMultipartRelated(short, "b")).toThrow(/malformed/);
    const long = multipart("b", [part({ "Content-Length": "2" }, "abcdef")]);
    expect(() => parseMultipartRelated(long, "b")).toThrow(/longer than its Content-Length/);
    expect(() => parseMultipartRelated(Buffer.from("--b\r\nX: y\r\n\r\nbody without end"), "b")).toThrow(/closing boundary/);
    expect(() => parseMultipartRelated(multipart("b", [part({ "": "x" }, "a")]), "b")).toThrow(/without a name/);
    expect(() => parseMultipartRelated(Buffer.from("nothing"), "b")).toThrow(/no boundary/);
  });
});
