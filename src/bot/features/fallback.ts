/** Messages the bot cannot read (stickers, photos, voice, files…): a short hint in private chats. */
import { Composer, type Context } from "grammy";

export function fallbackFeature(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("message", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    await ctx.reply("我目前只能回答文字问题。请直接输入问题，例如“信访事项多久要办结？”，或发送 /help 查看用法。");
  });
  return composer;
}
