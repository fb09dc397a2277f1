/** The time limit of a timed quiz as trainers type it: 60s, 60秒, 1分钟, 1分30秒, 2min, 九十秒. */
import { parseNumber } from "../text/numerals.ts";

const NUMBER = "([0-9０-９]+|[零〇一二两三四五六七八九十百]+)";
const SECONDS = new RegExp(`^${NUMBER}(?:s|sec|secs|秒钟?)$`, "i");
const MINUTES = new RegExp(`^${NUMBER}(?:m|min|mins|分钟?)(?:${NUMBER}(?:s|sec|secs|秒钟?)?)?$`, "i");

/** Seconds, or undefined when the token is not a duration (a count or a topic, say). */
export function parseTimeLimit(token: string): number | undefined {
  const seconds = SECONDS.exec(token);
  if (seconds) return parseNumber(seconds[1]!);
  const minutes = MINUTES.exec(token);
  if (!minutes) return undefined;
  const m = parseNumber(minutes[1]!);
  const s = minutes[2] === undefined ? 0 : parseNumber(minutes[2]);
  return m === undefined || s === undefined ? undefined : m * 60 + s;
}
