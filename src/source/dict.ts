/**
 * Objects used as dictionaries of names, without a prototype: a name from a policy, a plan or a
 * data file (`__proto__`, `constructor`, `toString`) is only ever a key, never Object.prototype's
 * member (README "Limits": prototype-safe everywhere). Prefer a Map for anything built at run time.
 */
export function dict<T>(entries: Readonly<Record<string, T>> = {}): Record<string, T> {
  const d = Object.create(null) as Record<string, T>;
  for (const k of Object.keys(entries)) d[k] = entries[k]!;
  return d;
}

/** `Object.fromEntries` into a prototype-free dictionary (keys such as `__proto__` stay keys). */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const d = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) d[k] = v;
  return d;
}
