/**
 * Conversations: each chat's messages, read once, completed from the chat's previous question when
 * they are follow-ups (search/followup.ts decides), and answered by the current engine. A message
 * about the last answer itself — one of its items ("第二点具体说说", "2"), or more of it ("还有呢") —
 * is answered from what that answer showed (answer-followups.ts). Offline and LLM mode take the
 * same decisions.
 */
import { itemInFull, listItems } from "../answer/list-items.ts";
import type { Answer, AnswerOptions, Citation } from "../answer/types.ts";
import type { Chunk } from "../corpus/types.ts";
import { correctedPart, nextContext, resolveFollowUp } from "../search/followup.ts";
import { joinChunks } from "../search/outline.ts";
import { normalizeForMatch } from "../text/script.ts";
import type { Passage } from "../search/retriever.ts";
import {
  asksForMore,
  asksForFullText,
  asksForSource,
  fullTextAnswer,
  itemAnswer,
  itemNote,
  itemReference,
  noMoreAnswer,
  noSuchItem,
  notice,
  sourceAnswer,
  whichItem,
} from "./answer-followups.ts";
import type { ChatMemory, ChatState, ShownAnswer } from "./chat-memory.ts";
import type { Pipeline } from "./pipeline.ts";
import type { UnansweredLog } from "./unanswered.ts";

/** An answer, with how a follow-up was understood. */
interface ConversationReply {
  /** `question` is the message as sent. */
  answer: Answer;
  /** The standalone question answered, when the message was completed from its context. */
  understoodAs?: string;
  /** A short note for the user about the context assumed ("按上文理解为：…"). */
  note?: string;
}

/** Thanks and acknowledgements: a friendly word, and the context stays as it was. */
const THANKS =
  /^(?:(?:好的?|好吧|谢谢(?:你|您|啦|了)?|谢了|多谢(?:了|晒)?|太?感谢(?:了|你|您)?|非常感谢|辛苦了?|辛苦啦|收到|明白了?|知道了|了解了?|懂了|嗯+|哦+|ok|okay|好滴)(?:哈|呀|啊|啦)?[,，!！。.~～\s]*)+$/i;
/** The words of THANKS that thank (the rest only acknowledge: 嗯, 好的, 收到 get no 不客气). */
const THANKING = /谢|感谢|辛苦/;
/** Greetings and questions about the bot itself: what it is for, and the context stays as it was. */
const GREETING =
  /^(?:你好|您好|嗨|哈喽|hi|hello|在吗|在不在|早上好|上午好|下午好|晚上好|你是谁|你是干啥的|你是做什么的|你能干啥|你能干什么|你能做什么|你会什么|你会干啥|能干啥|有什么功能)(?:呀|啊|呢)?[!！。.~～？?\s]*$/i;
/** "为什么" / "为啥呢" / "什么原因" and nothing else. */
const WHY_ALONE = /^(?:那|那么)?(?:这是)?(?:为什么|为啥|为何|咋回事|怎么回事|什么原因|啥原因)(?:呢|啊|呀)?[？?！!。]*$/;
/** A whole report asked for ("把惠安的报告全文发我", "西安那份报告的原文"). */
const WHOLE_REPORT =
  /(?:报告|年报)的?(?:全文|原文|完整版?|全部内容)|(?:完整|全部|整份|整篇)的?(?:报告|年报)|(?:全文|整篇|整份)(?:报告|年报)?(?:发|给|看)|(?:发|给)我?(?:看看|看一下)?(?:全文|整篇|整份)/;
/** Leaving. */
const BYE = /^(?:再见|拜拜|bye|回头见|下次见)(?:了|啦|啊)?[!！。.~～\s]*$/i;

/** "还有呢" before any question. */
const NOTHING_ASKED = "还没有可以接着找的问题。请先提问，例如：“阎良区信访局2022年有哪些不足？”";

/** Asks questions within a chat's context. */
export class Conversation {
  private answered = 0;

  constructor(
    private readonly pipeline: () => Pipeline,
    private readonly memory: ChatMemory,
    /**
     * Where questions the documents could not answer are recorded, for admins (/feedback). Not
     * awaited: `add` must not reject (UnansweredLog logs a failed write and goes on).
     */
    private readonly unanswered?: Pick<UnansweredLog, "add">,
  ) {}

  /** Questions answered since start (for /stats). */
  get questionsAnswered(): number {
    return this.answered;
  }

  /** Answers a message of a chat, as a follow-up of the chat's previous question when it is one. */
  async ask(chatId: number, text: string, options: AnswerOptions = {}): Promise<ConversationReply> {
    const reply = (answer: string): ConversationReply => ({ answer: notice(text, answer) });
    const { engine } = this.pipeline();
    const context = this.memory.get(chatId);
    // Before the guard: a bare "2" is no Chinese, but after a list it means its second item.
    const aboutAnswer = this.aboutLastAnswer(chatId, text, context, options);
    if (aboutAnswer) return aboutAnswer;
    // Before the guard too: "ok", "hi" and "bye" are no Chinese, but need no question.
    const said = normalizeForMatch(text.trim()); // 謝謝 too
    if (THANKS.test(said))
      return reply(
        `${THANKING.test(said) ? "不客气。" : "好的。"}还有关于信访工作报告或《信访工作条例》的问题，请直接问我。`,
      );
    if (BYE.test(said)) return reply("再见！有问题随时来问。");
    if (GREETING.test(said))
      return reply(
        "您好！我可以回答信访局年度法治政府建设报告和《信访工作条例》的问题，并注明出处。例如：“惠安县2023年办理了多少件信访事项？”“信访事项多久要办结？”",
      );
    const problem = engine.check(text);
    if (problem) return reply(problem);

    // "不是惠安，是平城": the last question again, as corrected.
    const corrected = context ? correctedPart(text) : undefined;
    // "为什么" alone after an answer asks the reasons given for it, in the report's word (原因).
    const why = context && WHY_ALONE.test(said) ? "原因是什么" : undefined;
    const message = engine.understand(corrected ?? why ?? text);
    // "把惠安县的报告全文发我": the whole report is browsed by its sections, not quoted in one message.
    if (WHOLE_REPORT.test(message.normalized) && message.bureaus.length > 0) {
      const named = engine.catalog.bureaus.filter((b) => message.bureaus.includes(b.bureau));
      const lines = named.map(
        (b) =>
          `${b.bureau}（${b.years.map((y) => `${y}年`).join("、")}）：发送 /reports ${[...b.aliases].sort((x, y) => x.length - y.length)[0] ?? b.bureau}`,
      );
      return reply(`报告全文可以按章节浏览：\n${lines.join("\n")}\n打开后发送章节序号即可查看该部分原文。`);
    }
    const followUp = resolveFollowUp(message, context, engine.catalog);
    let query = followUp.kind === "fresh" ? message : followUp.query;
    let answer = await engine.answerQuery(query, options);
    let elsewhere: string | undefined;
    if (!answer.found && followUp.kind === "maybe") {
      // Not in the previous scope: perhaps it was a new question after all. The reply says it left
      // the bureau talked about ("律师参与了多少回" after 西安's plans: 惠安's figure, not 西安's).
      const alone = await engine.answerQuery(message, options);
      if (alone.found) {
        const scope = [query.bureaus.join("、"), query.years.map((y) => `${y}年`).join("、")].filter(Boolean);
        elsewhere = `（${scope.join(" ")}的报告中没有找到，以下是其他文档中的内容）`;
        query = message;
        answer = alone;
      }
    }
    this.answered++;
    // A refusal shows nothing: the list shown before stays the one its items are asked of.
    const shown = answer.found || !context?.shown ? shownOf(answer) : context.shown;
    const answeredYears = query.years.length === 0 && answer.found ? reportYears(answer.citations) : [];
    // A question the law alone answered is one about the law ("复查结果还是不服呢": 第三十六条), so
    // "旧条例呢" or "期限是多少天" next asks it again.
    const fromLaw =
      answer.found && answer.citations.length > 0 && answer.citations.every((c) => c.kind === "regulation");
    const asked = fromLaw && !query.aboutLaw && query.bureaus.length === 0 ? { ...query, aboutLaw: true } : query;
    this.memory.set(chatId, {
      ...nextContext(context, asked),
      shown,
      ...(answeredYears.length === 1 ? { answeredYears } : {}),
    });
    const followed = followUp.kind !== "fresh" && query !== message;
    // The reply does not wait for the disk; readers of the log (UnansweredLog.all) wait for queued writes.
    if (!answer.found)
      void this.unanswered?.add({ chatId, question: text, ...(followed ? { understoodAs: query.text } : {}) });
    return {
      answer: { ...answer, question: text },
      ...(followed ? { understoodAs: query.text, note: followUp.note } : {}),
      ...(elsewhere ? { note: elsewhere } : {}),
    };
  }

  /**
   * The reply to a message about the chat's last answer: one of its items, or more of it. Undefined
   * when the message is not one (a "第二条" with no list before it asks the law's article).
   */
  private aboutLastAnswer(
    chatId: number,
    text: string,
    context: ChatState | undefined,
    options: AnswerOptions,
  ): Promise<ConversationReply> | ConversationReply | undefined {
    const shown = context?.shown;
    const ref = itemReference(text);
    if (ref) {
      const items = shown?.items ?? [];
      // 条 is also the law's article: an item only within the list, and only when there was one.
      const article = ref.unit === "条" && (items.length === 0 || ref.n > items.length);
      if (article) return undefined;
      // A bare number with no list before it: no item to show (第二 alone is left to the question).
      if (ref.unit === undefined && items.length === 0)
        return /^\d+$/.test(normalizeForMatch(text.trim())) ? { answer: noSuchItem(text, ref, 0) } : undefined;
      this.answered++;
      if (context) this.memory.set(chatId, context); // the list stays for the next item
      const item = items[ref.n - 1];
      if (!item) return { answer: noSuchItem(text, ref, items.length) };
      const chunks = this.chunksOf(item.citation);
      const answer = itemAnswer(text, item, chunks.length > 0 ? itemInFull(item, chunks) : item.text);
      return { answer, ...itemNote(ref) };
    }
    if (asksForMore(text)) {
      if (context && shown) return this.more(chatId, text, context, shown, options);
      return { answer: notice(text, NOTHING_ASKED) };
    }
    if (shown && asksForSource(text)) return { answer: sourceAnswer(text, shown.citations) };
    if (asksForFullText(text)) {
      if (!context || !shown?.citations.length) return { answer: notice(text, NOTHING_ASKED) };
      this.answered++;
      if (shown.items.length >= 2) return { answer: whichItem(text, shown.items.length) };
      const citation = shown.citations[0]!;
      return { answer: fullTextAnswer(text, citation, this.fullText(citation)) };
    }
    return undefined;
  }

  /** The chunks of the document a citation names (none when the index no longer holds it). */
  private chunksOf(citation: Citation): Chunk[] {
    const { index, engine } = this.pipeline();
    const doc = [...engine.catalog.reports, ...engine.catalog.regulations].find((d) => d.source === citation.source);
    return doc ? index.chunks.filter((c) => c.docId === doc.id) : [];
  }

  /**
   * A cited passage in full: a law's whole article; a report's paragraph holding the quote (its
   * whole section for a heading). The quote itself when the index no longer holds its document.
   */
  private fullText(citation: Citation): string {
    const chunks = this.chunksOf(citation);
    const quote = citation.quote.split("……")[0]!;
    if (citation.kind === "regulation") {
      const article = chunks.filter((c) => c.article === citation.article);
      return article.length > 0 ? joinChunks(article) : quote;
    }
    return chunks.length > 0 ? itemInFull({ n: 1, text: quote, citation }, chunks) : quote;
  }

  /** "还有呢": the passages answering the last question that were not shown yet, or that there are none. */
  private async more(
    chatId: number,
    text: string,
    context: ChatState,
    shown: ShownAnswer,
    options: AnswerOptions,
  ): Promise<ConversationReply> {
    const { engine } = this.pipeline();
    const query = context.last;
    const found = await engine.answerMore(query, (p) => shown.citations.some((c) => quotedFrom(c, p)), options);
    this.answered++;
    const understoodAs = `${query.text}（更多内容）`;
    const fresh = found.found && found.citations.some((c) => !shown.citations.some((s) => sameQuote(s, c)));
    if (!fresh) return { answer: noMoreAnswer(text, shown.citations), understoodAs };
    this.memory.set(chatId, {
      ...context,
      shown: { items: listItems(found), citations: [...shown.citations, ...found.citations] },
    });
    return { answer: { ...found, question: text }, understoodAs, note: `（按上文理解为：${understoodAs}）` };
  }

  /**
   * A report or an article the chat has just opened (/reports, /article): what its next message
   * follows up, as if it had asked about it ("/article 34" then "旧条例呢", a report's outline then
   * "他们的不足呢").
   */
  viewed(chatId: number, what: string): void {
    const { engine } = this.pipeline();
    this.memory.set(chatId, nextContext(this.memory.get(chatId), engine.understand(what)));
  }

  /** Forgets a chat's context (/new). */
  forget(chatId: number): void {
    this.memory.clear(chatId);
  }
}

/** The years of the reports an answer cites. */
function reportYears(citations: Citation[]): number[] {
  return [...new Set(citations.flatMap((c) => (c.kind === "report" && c.year !== undefined ? [c.year] : [])))];
}

/** What an answer showed: its list's items and its sources (none for a refusal). */
function shownOf(answer: Answer): ShownAnswer {
  return { items: answer.found ? listItems(answer) : [], citations: answer.citations };
}

/** Whether a passage was shown: a source cited it (its article, or a piece of a quote from its text). */
function quotedFrom(c: Citation, p: Passage): boolean {
  if (c.source !== p.doc.source) return false;
  if (c.kind === "regulation") return c.article === p.chunk.article;
  return c.quote.split(/…+/).some((piece) => piece.trim().length >= 8 && p.chunk.text.includes(piece.trim()));
}

/** Whether two citations quote the same source the same way. */
function sameQuote(a: Citation, b: Citation): boolean {
  return a.source === b.source && (a.article ?? -1) === (b.article ?? -1) && a.quote === b.quote;
}
