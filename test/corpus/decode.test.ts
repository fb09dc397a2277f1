import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/corpus/decode.ts";

describe("decodeText", () => {
  it("reads UTF-8 with and without BOM", () => {
    const utf8 = new TextEncoder().encode("信访局2023年");
    expect(decodeText(utf8)).toEqual({ text: "信访局2023年", encoding: "utf-8" });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: "信访局2023年", encoding: "utf-8" });
  });

  it("detects GB18030/GBK bytes by content", () => {
    // "信访局" in GBK: D0C5 B7C3 BED6, then ASCII "2023".
    const gbk = new Uint8Array([0xd0, 0xc5, 0xb7, 0xc3, 0xbe, 0xd6, 0x32, 0x30, 0x32, 0x33]);
    expect(decodeText(gbk)).toEqual({ text: "信访局2023", encoding: "gb18030" });
  });

  it("reads UTF-16 with a BOM", () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0xe1, 0x4f, 0xbf, 0x8b])).text).toBe("信访");
  });
});
