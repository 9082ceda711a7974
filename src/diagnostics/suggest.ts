/** "Did you mean …?": the nearest of some names, for checker and data diagnostics alike. */

/** Levenshtein-based suggestion for "did you mean". */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  // Short names tolerate one edit; longer ones a transposition (two edits) or a third of their length.
  const limit = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3));
  // A candidate sharing nothing with the name (`E` for `A`) is no suggestion.
  return best !== undefined && bestD <= limit && bestD < Math.max(name.length, best.length) ? best : undefined;
}

/** Edit distance counting a swap of two neighbouring letters (`clmap` → `clamp`) as one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
