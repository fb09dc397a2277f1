/**
 * Vectors already computed, keyed by the SHA-1 of the text embedded, so a re-ingest embeds only
 * what changed. One pair of append-only files per provider and model:
 *
 * - `<name>.f32`: a header, then one row of float32 per vector;
 * - `<name>.keys`: a header, then per row the text's SHA-1 (20 bytes) and a checksum of the row.
 *
 * Both headers carry the same generation number (a compaction writes both files anew, and a crash
 * between their renames leaves two generations: the cache starts empty rather than pair vectors
 * with the wrong keys). Rows are appended vectors first, keys second, so a crash mid-append leaves
 * at most a torn tail, which the next open ignores and the next append overwrites. Opening reads
 * only the keys; a vector is read from disk when asked for, and a row whose checksum fails is a
 * miss. New vectors go to disk in batches as they come, so a build does not hold them all.
 */
import { hash, randomInt } from "node:crypto";
import { closeSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";

const VECTORS_MAGIC = 0x45425633; // "EBV3"
const KEYS_MAGIC = 0x45424b33; // "EBK3"
/** magic, dimensions, generation, reserved (int32 each) */
const HEADER_BYTES = 16;
const KEY_BYTES = 20; // SHA-1
const KEY_ROW_BYTES = KEY_BYTES + 4; // and the checksum of its vector row
/** New rows are written out once this many wait (about 16 MB of 512-dimension vectors). */
const FLUSH_ROWS = 8192;

/** FNV-1a over a vector's 32-bit words: tells a damaged row from a good one. */
function rowChecksum(vector: Float32Array): number {
  const words = new Int32Array(vector.buffer, vector.byteOffset, vector.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h | 0;
}

/** The cache's key of a text: its SHA-1, as a 20-character binary string (one character per byte). */
export function embeddingKey(text: string): string {
  return hash("sha1", text, "binary");
}

function header(magic: number, dimensions: number, generation: number): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  [magic, dimensions, generation, 0].forEach((v, i) => view.setInt32(4 * i, v, true));
  return bytes;
}

/** The files the cache reads and appends to: open descriptors, the generation, the rows held. */
interface Files {
  vectors: number;
  keys: number;
  generation: number;
  rows: number;
}

/** A per-provider, per-model map from the text embedded to its vector. */
export class EmbeddingCache {
  /** Row of each key: rows below `files.rows` are on disk, the others in `pending`. */
  private readonly rows = new Map<string, number>();
  /** Checksum of each row on disk, by row. */
  private checksums: Int32Array;
  private pending: { key: string; vector: Float32Array }[] = [];
  private readonly used = new Set<string>();

  private constructor(
    private readonly file: string,
    private dimensions: number,
    private files: Files | undefined,
    keys: Uint8Array,
  ) {
    const rows = files?.rows ?? 0;
    const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
    this.checksums = new Int32Array(rows);
    const text = Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength);
    for (let row = 0; row < rows; row++) {
      const at = row * KEY_ROW_BYTES;
      this.rows.set(text.toString("latin1", at, at + KEY_BYTES), row);
      this.checksums[row] = view.getInt32(at + KEY_BYTES, true);
    }
  }

  /** Opens (or starts) the cache of one provider and model; an unreadable cache starts empty. */
  static async open(dataDir: string, provider: string, model: string): Promise<EmbeddingCache> {
    const safe = `${provider}__${model}`.replace(/[^A-Za-z0-9._-]/g, "_");
    const file = path.join(dataDir, "embedding-cache", safe);
    await mkdir(path.dirname(file), { recursive: true });
    // Earlier versions' files are not read (the JSON cache is removed; the EMB2 pair fails the
    // header check and is overwritten): rebuilding them once costs one embedding pass.
    await rm(`${file}.json`, { force: true });
    try {
      const keys = await readFile(`${file}.keys`);
      const { size } = await stat(`${file}.f32`);
      const kv = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
      if (keys.byteLength < HEADER_BYTES || kv.getInt32(0, true) !== KEYS_MAGIC) throw new Error("not a keys file");
      const dimensions = kv.getInt32(4, true);
      const generation = kv.getInt32(8, true);
      const vectors = openSync(`${file}.f32`, "r+");
      const head = new Uint8Array(HEADER_BYTES);
      readSync(vectors, head, 0, HEADER_BYTES, 0);
      const hv = new DataView(head.buffer);
      if (
        hv.getInt32(0, true) !== VECTORS_MAGIC ||
        hv.getInt32(4, true) !== dimensions ||
        hv.getInt32(8, true) !== generation
      ) {
        closeSync(vectors);
        throw new Error("the vectors and keys files are of different generations");
      }
      // A torn tail (a crash mid-append) is not a row.
      const rows = Math.min(
        Math.floor((keys.byteLength - HEADER_BYTES) / KEY_ROW_BYTES),
        dimensions > 0 ? Math.floor((size - HEADER_BYTES) / (4 * dimensions)) : 0,
      );
      const files = { vectors, keys: openSync(`${file}.keys`, "r+"), generation, rows };
      return new EmbeddingCache(
        file,
        dimensions,
        files,
        keys.subarray(HEADER_BYTES, HEADER_BYTES + rows * KEY_ROW_BYTES),
      );
    } catch {
      // No cache yet, or an unreadable one: start empty (it is only a cache).
      return new EmbeddingCache(file, 0, undefined, new Uint8Array(0));
    }
  }

  /** How many vectors the cache holds (on disk and waiting). */
  get size(): number {
    return this.rows.size;
  }

  /** The cached vector of a text, by its embeddingKey (and marks it as used by the build being made). */
  get(key: string): Float32Array | undefined {
    const row = this.rows.get(key);
    if (row === undefined) return undefined;
    const vector = this.vectorOf(row);
    if (vector) this.used.add(key);
    else this.rows.delete(key); // damaged: the vector made again is appended as a new row
    return vector;
  }

  private vectorOf(row: number): Float32Array | undefined {
    const saved = this.files?.rows ?? 0;
    if (row >= saved) return this.pending[row - saved]!.vector;
    const vector = new Float32Array(this.dimensions);
    const bytes = new Uint8Array(vector.buffer);
    const at = HEADER_BYTES + row * bytes.byteLength;
    if (readSync(this.files!.vectors, bytes, 0, bytes.byteLength, at) !== bytes.byteLength) return undefined;
    return rowChecksum(vector) === this.checksums[row] ? vector : undefined;
  }

  /** Caches the vector of a text, by its embeddingKey (of the build being made); written out in batches. */
  set(key: string, vector: Float32Array): void {
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) throw new Error("embedding cache: vectors of another size");
    this.used.add(key);
    if (this.rows.has(key)) return;
    this.rows.set(key, (this.files?.rows ?? 0) + this.pending.length);
    this.pending.push({ key, vector });
    if (this.pending.length >= FLUSH_ROWS) this.flush();
  }

  /** Appends the waiting rows to the files (started anew when there are none yet). */
  private flush(): void {
    if (this.pending.length === 0) return;
    const files = (this.files ??= this.create(this.file, randomInt(1, 2 ** 31 - 1)));
    const rowBytes = 4 * this.dimensions;
    const vectors = new Uint8Array(this.pending.length * rowBytes);
    const keys = new Uint8Array(this.pending.length * KEY_ROW_BYTES);
    const keyView = new DataView(keys.buffer);
    const checksums = new Int32Array(files.rows + this.pending.length);
    checksums.set(this.checksums.subarray(0, files.rows));
    this.pending.forEach(({ key, vector }, k) => {
      vectors.set(new Uint8Array(vector.buffer, vector.byteOffset, rowBytes), k * rowBytes);
      keys.set(Buffer.from(key, "latin1"), k * KEY_ROW_BYTES);
      const sum = rowChecksum(vector);
      keyView.setInt32(k * KEY_ROW_BYTES + KEY_BYTES, sum, true);
      checksums[files.rows + k] = sum;
    });
    // Vectors before keys: a key on disk always has its row. Written where the held rows end, over
    // any torn tail, which is then cut off.
    const vectorsEnd = HEADER_BYTES + files.rows * rowBytes + vectors.byteLength;
    const keysEnd = HEADER_BYTES + files.rows * KEY_ROW_BYTES + keys.byteLength;
    writeAll(files.vectors, vectors, vectorsEnd - vectors.byteLength);
    ftruncateSync(files.vectors, vectorsEnd);
    writeAll(files.keys, keys, keysEnd - keys.byteLength);
    ftruncateSync(files.keys, keysEnd);
    files.rows += this.pending.length;
    this.checksums = checksums;
    this.pending = [];
  }

  /** New empty files (with headers) of a generation, at `base`.f32 and `base`.keys. */
  private create(base: string, generation: number): Files {
    const open = (ext: string, magic: number) => {
      const fd = openSync(`${base}${ext}`, "w+");
      writeAll(fd, header(magic, this.dimensions, generation), 0);
      return fd;
    };
    return { vectors: open(".f32", VECTORS_MAGIC), keys: open(".keys", KEYS_MAGIC), generation, rows: 0 };
  }

  /**
   * Writes out what waits and closes the files. With `prune` (the default; the build read every
   * vector it uses), a cache holding more than twice what the build used is compacted to the
   * build's vectors and at most as many others, the newest (a report withdrawn and put back need
   * not be embedded again; a cache never grows without bound). A patched build, which did not read
   * the vectors it carried over, saves with `prune: false`: rows are only appended.
   */
  save(options: { prune?: boolean } = {}): void {
    if (this.dimensions > 0) this.flush();
    if (options.prune !== false && this.files && this.files.rows > 2 * this.used.size) this.compact();
    this.close();
  }

  /** Rewrites the files with the used rows, then as many of the others (newest first). */
  private compact(): void {
    const files = this.files!;
    const byRow = [...this.rows].sort((a, b) => a[1] - b[1]);
    const used = byRow.filter(([key]) => this.used.has(key));
    const spare = byRow.filter(([key]) => !this.used.has(key)).slice(-this.used.size);
    const tmp = `${this.file}.${process.pid}.tmp`;
    const out = this.create(tmp, files.generation === 2 ** 31 - 2 ? 1 : files.generation + 1);
    try {
      const keep = [...used, ...spare];
      const rowBytes = 4 * this.dimensions;
      for (let start = 0; start < keep.length; start += FLUSH_ROWS) {
        const batch = keep.slice(start, start + FLUSH_ROWS);
        const vectors = new Uint8Array(batch.length * rowBytes);
        const keys = new Uint8Array(batch.length * KEY_ROW_BYTES);
        const keyView = new DataView(keys.buffer);
        let n = 0;
        for (const [key, row] of batch) {
          const vector = this.vectorOf(row);
          if (!vector) continue; // a damaged row is dropped
          vectors.set(new Uint8Array(vector.buffer, vector.byteOffset, rowBytes), n * rowBytes);
          keys.set(Buffer.from(key, "latin1"), n * KEY_ROW_BYTES);
          keyView.setInt32(n * KEY_ROW_BYTES + KEY_BYTES, this.checksums[row]!, true);
          n++;
        }
        writeAll(out.vectors, vectors.subarray(0, n * rowBytes), HEADER_BYTES + out.rows * rowBytes);
        writeAll(out.keys, keys.subarray(0, n * KEY_ROW_BYTES), HEADER_BYTES + out.rows * KEY_ROW_BYTES);
        out.rows += n;
      }
    } finally {
      closeSync(out.vectors);
      closeSync(out.keys);
    }
    this.close();
    // Vectors first: a crash between the renames leaves files of two generations (an empty cache).
    renameSync(`${tmp}.f32`, `${this.file}.f32`);
    renameSync(`${tmp}.keys`, `${this.file}.keys`);
  }

  /** Closes the files; the cache is then empty (save() closes it; so does a build that failed). */
  close(): void {
    if (this.files) {
      closeSync(this.files.vectors);
      closeSync(this.files.keys);
    }
    this.files = undefined;
    this.rows.clear();
    this.pending = [];
    this.checksums = new Int32Array(0);
  }
}

/** Writes all of `bytes` at `position`. */
function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.byteLength;) {
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
  }
}
