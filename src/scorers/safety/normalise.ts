/** Text as the safety patterns see it: lower case, straight quotes, one space between words. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences of a normalised answer (split after . ! ? or a line break; list markers kept). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
}

export function wordCount(text: string): number {
  return text.match(/[a-z0-9]+(?:'[a-z]+)?/g)?.length ?? 0;
}
