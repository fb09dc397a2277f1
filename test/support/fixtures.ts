/** Report fixtures in every supported format, built by the tests themselves (no third-party files). */
import iconv from "iconv-lite";
import JSZip from "jszip";

/** A small report with headings and figures, one paragraph a line; `n` varies the figures. */
export function reportLines(bureau: string, year: number, n = 0): string[] {
  return [
    `${bureau}${year}年法治政府建设年度报告`,
    `${year}年，${bureau}坚持依法行政，现将有关情况报告如下：`,
    "一、主要工作",
    "（一）依法办理信访事项",
    `全年共受理群众来信来访${3127 + n}件，按期办结率达到98.6%。`,
    "（二）开展普法宣传",
    `组织“信访法治宣传周”活动${7 + n}次，发放宣传资料4500余份。`,
    "二、下一步工作",
    "继续推进信访工作法治化。",
  ];
}

/** A .docx with the lines as paragraphs and a two-row table. */
export async function makeDocx(lines: string[], table?: string[][]): Promise<Buffer> {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
  const tbl = table
    ? `<w:tbl>${table.map((row) => `<w:tr>${row.map((c) => `<w:tc>${para(c)}</w:tc>`).join("")}</w:tr>`).join("")}</w:tbl>`
    : "";
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${lines.slice(0, 5).map(para).join("")}${tbl}${lines.slice(5).map(para).join("")}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

/**
 * A PDF whose text layer holds the lines: a Type0 font with Identity-H encoding and a ToUnicode
 * map in which every CID is its own Unicode code point (no glyphs embedded: the text layer is what
 * is tested). `pages` splits the lines over several pages.
 */
export function makePdf(lines: string[], pages = 1): Buffer {
  const hex = (s: string) =>
    [...s]
      .map((c) => c.charCodeAt(0).toString(16).padStart(4, "0"))
      .join("")
      .toUpperCase();
  const per = Math.ceil(lines.length / pages);
  const pageLines = Array.from({ length: pages }, (_, i) => lines.slice(i * per, (i + 1) * per));
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) && objects.length;
  // A bfrange may vary only its last byte, so every character used gets its own bfchar entry.
  const chars = [...new Set(lines.join(""))].map(hex);
  const blocks: string[] = [];
  for (let i = 0; i < chars.length; i += 100) {
    const part = chars.slice(i, i + 100);
    blocks.push(`${part.length} beginbfchar\n${part.map((h) => `<${h}> <${h}>`).join("\n")}\nendbfchar`);
  }
  const cmap = [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def",
    "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ...blocks,
    "endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");
  const catalog = add("<< /Type /Catalog /Pages 2 0 R >>");
  add("PAGES");
  const toUnicode = add(`<< /Length ${Buffer.byteLength(cmap)} >>\nstream\n${cmap}\nendstream`);
  const descriptor = add(
    "<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
  );
  const descendant = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H /DescendantFonts [${descendant} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  const kids: number[] = [];
  for (const ls of pageLines) {
    const stream = ["BT", "/F1 12 Tf", "14 TL", "40 800 Td", ...ls.map((l) => `<${hex(l)}> Tj T*`), "ET"].join("\n");
    const content = add(`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A PDF with pages but no text at all (what a scan looks like to a text extractor). */
export function makeScannedPdf(): Buffer {
  return makePdf([""], 1);
}

/** A government-style web page: navigation, a script, the article, a footer and related links. */
export function makeHtml(lines: string[], charset = "utf-8"): string {
  const [title, ...body] = lines;
  return `<!DOCTYPE html><html><head><meta charset="${charset}"><title>${title} - 某市人民政府网</title>
<script>var tracker = "不应出现的脚本文字";</script><style>.x{color:red}</style></head>
<body><div class="header">网站首页 | 政务公开 | 办事服务</div>
<nav><a href="/">首页</a><a href="/news">新闻中心</a></nav>
<div class="main"><div class="crumb">当前位置：首页 &gt; 政务公开</div>
<h1>${title}</h1><div id="zoom" class="article-content">${body.map((l) => `<p>${l}</p>`).join("\n")}</div>
<div class="related-links">相关链接：<a href="#">某某新闻</a></div></div>
<div class="footer">主办单位：某市人民政府办公室　扫一扫在手机上查看当前页面</div></body></html>`;
}

/** Text encoded as GB18030 (what many Chinese .txt files are). */
export function gb18030(text: string): Buffer {
  return iconv.encode(text, "gb18030");
}
