import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { buildCatalog } from "../../src/search/catalog.ts";
import { parseQuery } from "../../src/search/query.ts";
import { CORPUS, regulationsPresent } from "../helpers.ts";

const catalog = buildCatalog((await loadCorpus(CORPUS)).documents.map((d) => d.meta));
const q = (text: string) => parseQuery(text, catalog);

describe("parseQuery", () => {
  it("reads years in digits and in Chinese numerals", () => {
    expect(q("惠安县2023年办理了多少件？").years).toEqual([2023]);
    expect(q("二〇二一年西安市信访局").years).toEqual([2021]);
    expect(q("共办理1270件").years).toEqual([]);
  });

  it("maps aliases to bureaus; 西安 is the city bureau, 西安市阎良区 is 阎良", () => {
    expect(q("惠安开展宣传多少次").bureaus).toEqual(["惠安县人民政府信访局"]);
    expect(q("大同平城区网上信访").bureaus).toEqual(["大同市平城区信访局"]);
    expect(q("沙坪坝区化解率").bureaus).toEqual(["重庆市沙坪坝区信访办公室"]);
    expect(q("西安市信访局邀请了多少律师").bureaus).toEqual(["西安市信访局"]);
    expect(q("西安市阎良区信访局召开几次会议").bureaus).toEqual(["阎良区信访局"]);
  });

  it("reads traditional characters", () => {
    const parsed = q("阎良區信訪局2022年開展保密工作自查幾次？");
    expect(parsed.bureaus).toEqual(["阎良区信访局"]);
    expect(parsed.unit).toBe("次");
  });

  it("flags a bureau that is not in the corpus", () => {
    expect(q("朝阳区信访局2023年办理多少件").unknownBureau).toBe("朝阳区信访局");
    expect(q("惠安县信访局办理多少件").unknownBureau).toBeUndefined();
  });

  it("reads article references", () => {
    expect(q("信访工作条例第三十四条").article).toBe(34);
    expect(q("第34条怎么规定").article).toBe(34);
    expect(q("第 三十四 条").article).toBe(34);
  });

  it.skipIf(!regulationsPresent)("reads regulation names (when the regulations are in the corpus)", () => {
    expect(q("信访条例第十条")).toMatchObject({ regulation: "信访条例", article: 10 });
    expect(q("信访工作条例第十条").regulation).toBe("信访工作条例");
    expect(q("信访事项多久办结").regulation).toBeUndefined();
  });

  it("tells the kind of answer wanted", () => {
    expect(q("哪些报告提到了枫桥经验").wantsList).toBe(true);
    expect(q("信访工作条例适用于哪些机关和单位").wantsList).toBe(false);
    expect(q("宪法宣传周是哪几天").unit).toBeUndefined();
    expect(q("化解率是多少").unit).toBe("%");
    expect(q("信访条例是否还有效").asksStatus).toBe(true);
  });
});
