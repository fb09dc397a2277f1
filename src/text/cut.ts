/** Shortening a text for display: at most a given number of characters, an ellipsis when cut. */

/**
 * `text` when it has at most `max` characters (code points, so a pair is never split), else its
 * first `max - 1` characters and "…". Nothing is trimmed; `max` below 1 gives "".
 */
export function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return max < 1 ? "" : `${chars.slice(0, max - 1).join("")}…`;
}
