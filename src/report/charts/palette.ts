/** Tableau 10: distinct, colour-blind tolerable, readable on white. */
const BASE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** A stable colour per leaderboard row (past ten, hues spaced by the golden angle). */
export function colorFor(index: number): string {
  if (index < BASE.length) return BASE[index];
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue}, 55%, ${index % 2 ? 45 : 58}%)`;
}
