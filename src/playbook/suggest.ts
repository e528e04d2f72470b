/** "did you mean X?" suggestions by edit distance. */

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? Math.max(m, n);
}

export interface Suggestion {
  word: string;
  distance: number;
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): Suggestion | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: Suggestion | undefined;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    const distance = editDistance(word.toLowerCase(), c.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { word: c, distance };
  }
  return best;
}

export function didYouMean(s: Suggestion | undefined): string {
  return s ? `; did you mean "${s.word}"?` : '';
}
