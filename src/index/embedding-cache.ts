/**
 * Vectors already computed, keyed by chunk hash, so a re-ingest embeds only what changed. One file
 * per provider and model: the hashes as text (one per line) and the vectors as raw float32 rows in
 * the same order. A save keeps the vectors of the latest build and, of the others, only as many as
 * the latest build has (a report withdrawn and put back need not be embedded again; a cache never
 * grows without bound).
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const MAGIC = 0x454d4232; // "EMB2"
const HEADER_BYTES = 16; // magic, dimensions, rows, checksum of the keys file (int32 each)

/** FNV-1a over the keys file's text: the vectors' header names the keys they were written with. */
function keysChecksum(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** A per-provider, per-model map from chunk hash to vector. */
export class EmbeddingCache {
  /** Row of each hash in `vectors` (rows >= saved count are in `added`). */
  private readonly rows: Map<string, number>;
  private readonly added: Float32Array[] = [];
  private readonly used = new Set<string>();

  private constructor(
    private readonly file: string,
    keys: string[],
    private readonly vectors: Float32Array,
    private dimensions: number,
  ) {
    this.rows = new Map(keys.map((k, i) => [k, i]));
  }

  /** Opens (or starts) the cache of one provider and model; an unreadable cache starts empty. */
  static async open(dataDir: string, provider: string, model: string): Promise<EmbeddingCache> {
    const safe = `${provider}__${model}`.replace(/[^A-Za-z0-9._-]/g, "_");
    const file = path.join(dataDir, "embedding-cache", safe);
    // The JSON cache of earlier versions is not read: rebuilding it once costs one embedding pass.
    await rm(`${file}.json`, { force: true });
    try {
      const [keysText, bytes] = await Promise.all([readFile(`${file}.keys`, "utf8"), readFile(`${file}.f32`)]);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const dimensions = view.getInt32(4, true);
      const count = view.getInt32(8, true);
      const keys = count === 0 ? [] : keysText.split("\n");
      const sameKeys = keys.length === count && view.getInt32(12, true) === keysChecksum(keysText);
      if (view.getInt32(0, true) !== MAGIC || !sameKeys) throw new Error("cache files disagree");
      if (bytes.byteLength !== HEADER_BYTES + 4 * count * dimensions) throw new Error("cache file truncated");
      const vectors = new Float32Array(count * dimensions);
      new Uint8Array(vectors.buffer).set(bytes.subarray(HEADER_BYTES));
      return new EmbeddingCache(file, keys, vectors, dimensions);
    } catch {
      // No cache yet, or an unreadable one: start empty (it is only a cache).
      return new EmbeddingCache(file, [], new Float32Array(0), 0);
    }
  }

  /** The cached vector of a chunk hash (and marks it as used by the build being made). */
  get(hash: string): Float32Array | undefined {
    const row = this.rows.get(hash);
    if (row === undefined) return undefined;
    this.used.add(hash);
    const saved = this.vectors.length / Math.max(1, this.dimensions);
    if (row >= saved) return this.added[row - saved];
    return this.vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  /** Caches a vector (of the build being made). */
  set(hash: string, vector: Float32Array): void {
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) throw new Error("embedding cache: vectors of another size");
    if (this.rows.has(hash)) return void this.used.add(hash);
    this.rows.set(hash, this.vectors.length / this.dimensions + this.added.length);
    this.added.push(vector);
    this.used.add(hash);
  }

  /**
   * Writes the cache (temporary files + renames): the build's vectors first, then (`prune`, the
   * default) only as many of the rest, or all of them (a patched build, which did not read the
   * vectors it carried over).
   */
  async save(options: { prune?: boolean } = {}): Promise<void> {
    const keep = [...this.used];
    const rest = [...this.rows.keys()].filter((k) => !this.used.has(k));
    const spare = options.prune === false ? rest : rest.slice(-this.used.size);
    const keys = [...keep, ...spare];
    const dims = this.dimensions;
    const bytes = new Uint8Array(HEADER_BYTES + 4 * keys.length * dims);
    const view = new DataView(bytes.buffer);
    const keysText = keys.join("\n");
    [MAGIC, dims, keys.length, keysChecksum(keysText)].forEach((v, i) => view.setInt32(4 * i, v, true));
    const out = new Float32Array(bytes.buffer, HEADER_BYTES, keys.length * dims);
    const saved = this.vectors.length / Math.max(1, dims);
    keys.forEach((k, i) => {
      const row = this.rows.get(k)!;
      out.set(row >= saved ? this.added[row - saved]! : this.vectors.subarray(row * dims, (row + 1) * dims), i * dims);
    });
    await mkdir(path.dirname(this.file), { recursive: true });
    // Two renames: a crash between them leaves keys that do not match the vectors' checksum, and the
    // cache starts empty on open rather than pairing vectors with the wrong hashes.
    for (const [ext, content] of [
      [".f32", bytes],
      [".keys", keysText],
    ] as const) {
      const tmp = `${this.file}${ext}.${process.pid}.tmp`;
      await writeFile(tmp, content);
      await rename(tmp, `${this.file}${ext}`);
    }
  }
}
