/** Number formatting shared by the console and markdown renderers: metric units shown ×100. */

export function points(x: number): string {
  return (x * 100).toFixed(1);
}

export function signedPoints(x: number): string {
  const s = (x * 100).toFixed(1);
  return x > 0 && s !== '0.0' ? `+${s}` : s === '-0.0' ? '0.0' : s;
}

export function interval(ci: [number, number]): string {
  return `[${signedPoints(ci[0])}, ${signedPoints(ci[1])}]`;
}

export function pValue(p: number): string {
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

/** "a, b, c … (+N more)" */
export function idList(ids: readonly string[], max: number): string {
  if (ids.length <= max) return ids.join(', ');
  return `${ids.slice(0, max).join(', ')} … (+${ids.length - max} more)`;
}
