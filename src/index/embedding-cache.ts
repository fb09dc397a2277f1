/** Vectors already computed, keyed by chunk hash, so a re-ingest embeds only what changed. */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** A per-provider, per-model map from chunk hash to vector, stored as base64 Float32 data. */
export class EmbeddingCache {
  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, string>,
  ) {}

  /** Opens (or starts) the cache file of one provider and model. */
  static async open(dataDir: string, provider: string, model: string): Promise<EmbeddingCache> {
    const safe = `${provider}__${model}`.replace(/[^A-Za-z0-9._-]/g, "_");
    const file = path.join(dataDir, "embedding-cache", `${safe}.json`);
    let entries = new Map<string, string>();
    try {
      entries = new Map(Object.entries(JSON.parse(await readFile(file, "utf8")) as Record<string, string>));
    } catch {
      // No cache yet, or an unreadable one: start empty (it is only a cache).
    }
    return new EmbeddingCache(file, entries);
  }

  get(hash: string): number[] | undefined {
    const b64 = this.entries.get(hash);
    if (!b64) return undefined;
    // Copy into a fresh buffer: a pooled Buffer's offset need not be 4-byte aligned.
    const bytes = new Uint8Array(Buffer.from(b64, "base64"));
    return Array.from(new Float32Array(bytes.buffer));
  }

  set(hash: string, vector: number[]): void {
    this.entries.set(hash, Buffer.from(new Float32Array(vector).buffer).toString("base64"));
  }

  /** Writes the cache atomically (temporary file + rename). */
  async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(Object.fromEntries(this.entries)));
    await rename(tmp, this.file);
  }
}
