/**
 * A set of strings for duplicate-key detection: open addressing over one typed array of
 * (hash, index) pairs — one cache line per probe, no per-key allocation; several times faster
 * than a Set for a million keys. Hashes are exposed so a set built elsewhere (a worker reading
 * part of the file) can be merged without hashing its keys again.
 */

/** FNV-1a over UTF-16 code units. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let q = 0; q < key.length; q++) h = Math.imul(h ^ key.charCodeAt(q), 0x01000193);
  return h;
}

export class KeySet {
  private cap = 1 << 12;
  /** slots[2p] = hash, slots[2p + 1] = index + 1 (0: free). */
  private slots = new Int32Array(2 * this.cap);
  private keys: string[] = [];
  private hashes = new Int32Array(1 << 12);

  get size(): number {
    return this.keys.length;
  }

  /** Adds a key; false when it was already there. */
  add(key: string, h: number = keyHash(key)): boolean {
    const count = this.keys.length;
    if (count * 2 >= this.cap) this.rehash();
    const mask = this.cap - 1;
    const slots = this.slots;
    let p = h & mask;
    for (;;) {
      const j = slots[2 * p + 1]!;
      if (j === 0) break;
      if (slots[2 * p] === h && this.keys[j - 1] === key) return false;
      p = (p + 1) & mask;
    }
    if (count === this.hashes.length) {
      const grown = new Int32Array(count * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[count] = h;
    this.keys.push(key);
    slots[2 * p] = h;
    slots[2 * p + 1] = count + 1;
    return true;
  }

  /** The hashes of the keys, in the order added. */
  hashList(): Int32Array {
    return this.hashes.subarray(0, this.keys.length);
  }

  /** Makes room for `n` keys at once. */
  reserve(n: number): void {
    while (n * 2 >= this.cap) this.rehash();
  }

  private rehash(): void {
    this.cap *= 2;
    const mask = this.cap - 1;
    const slots = new Int32Array(2 * this.cap);
    for (let j = 0; j < this.keys.length; j++) {
      const h = this.hashes[j]!;
      let p = h & mask;
      while (slots[2 * p + 1] !== 0) p = (p + 1) & mask;
      slots[2 * p] = h;
      slots[2 * p + 1] = j + 1;
    }
    this.slots = slots;
  }
}
