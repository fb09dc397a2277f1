/** Paragraphs of a legal article: each with the numbered items that follow it ("…下列行为：\n（一）…"). */

/** An article's paragraphs, items joined to the paragraph that introduces them. */
export function articleParagraphs(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
    if (/^[（(][一二三四五六七八九十]+[）)]/.test(line.trim()) && out.length > 0) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

/**
 * The statements of an article for matching: each paragraph, and each numbered item read with the
 * paragraph that introduces it ("信访人…不得有下列行为：（一）…围堵…" is one statement).
 */
export function articleStatements(text: string): string[] {
  return articleParagraphs(text).flatMap((p) => {
    const [lead, ...items] = p.split("\n");
    return items.length === 0 ? [lead!] : items.map((item) => `${lead}${item}`);
  });
}
