/**
 * Building the HNSW graph beside the rest of an ingest: operations are sent in batches to a
 * worker thread (hnsw-worker.ts), which applies them while this thread goes on, and writes the
 * graph to a file when asked. On two cores this takes the graph (the slowest step) off the
 * critical path. Small corpora build on this thread (a worker costs about half a second to start).
 */
import { Worker } from "node:worker_threads";
import { GraphOps, type Graph, type GraphChange, type GraphRequest } from "./hnsw-graph.ts";

/**
 * The worker's code. Run from the TypeScript sources (tsx or vitest), it registers tsx on its
 * thread and loads hnsw-worker.ts; run from the bundle (scripts/launch.mjs), it loads the
 * bundle's hnsw-worker.mjs beside this code. Messages sent before it is loaded wait on its port.
 */
const WORKER_BOOT = import.meta.url.endsWith(".ts")
  ? `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL("./hnsw-worker.ts", import.meta.url).href)}); })
  .catch((error) => { console.error(error); process.exit(1); });`
  : `import(${JSON.stringify(new URL("./hnsw-worker.mjs", import.meta.url).href)})
  .catch((error) => { console.error(error); process.exit(1); });`;

/** Points sent to the worker at a time. */
const BATCH = 512;

/**
 * How a graph build starts: empty, or from the previous build's graph file, which holds `vacant`
 * withdrawn points, with `more` points to come.
 */
export type GraphStart = { maxElements: number } | { file: string; vacant: number; more: number };

/** A graph being built; `add` points (after `remove`, when starting from a saved graph), then `save`. */
export class HnswBuild {
  private worker: Worker | undefined;
  private inline: GraphOps | undefined;
  private dimensions = 0;
  private batch: { vectors: Float32Array<ArrayBuffer>; labels: Int32Array<ArrayBuffer>; size: number } | undefined;
  private readonly waiting: GraphChange[] = [];
  /** On this thread, a saved graph being read (operations wait in `waiting` meanwhile). */
  private loading: Promise<void> | undefined;

  /** `onThread`: build on a worker thread. */
  constructor(
    private readonly from: GraphStart,
    private readonly onThread: boolean,
  ) {}

  /** Withdraws points of the graph it started from. */
  remove(labels: Int32Array): void {
    this.send({ type: "delete", labels });
  }

  /** Queues a point with its label (the graph is started by the first one). */
  add(vector: Float32Array, label: number): void {
    if (this.dimensions === 0) this.start(vector.length);
    if (vector.length !== this.dimensions) throw new Error("HNSW build: vectors of another size");
    this.batch ??= {
      vectors: new Float32Array(BATCH * this.dimensions),
      labels: new Int32Array(BATCH),
      size: 0,
    };
    this.batch.vectors.set(vector, this.batch.size * this.dimensions);
    this.batch.labels[this.batch.size++] = label;
    if (this.batch.size === BATCH) this.flush();
  }

  /**
   * Waits for every operation and writes the graph to `file`; a worker then ends. `dimensions` is
   * needed when no point was added (a change that only withdrew). A graph built on this thread is
   * returned (ready to search: no need to read the file back); one built on a worker is not.
   */
  async save(file: string, dimensions: number): Promise<Graph | undefined> {
    if (this.dimensions === 0) this.start(dimensions);
    this.flush();
    const request: GraphRequest = { type: "save", file };
    const worker = this.worker;
    if (!worker) {
      await this.loading;
      await this.inline!.save(file);
      return this.inline!.graph;
    }
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once("message", (reply: { saved?: string; error?: string }) =>
          reply.error !== undefined ? reject(new Error(`HNSW build: ${reply.error}`)) : resolve(),
        );
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`HNSW build: the worker exited (${code})`)));
        worker.postMessage(request);
      });
    } finally {
      await this.abort();
    }
  }

  /** Stops the worker (after a failure elsewhere in the build). */
  async abort(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(dimensions: number): void {
    this.dimensions = dimensions;
    const first: GraphChange =
      "file" in this.from
        ? { type: "load", dimensions, ...this.from }
        : { type: "init", dimensions, maxElements: this.from.maxElements };
    if (this.onThread) this.worker = new Worker(WORKER_BOOT, { eval: true });
    else this.inline = new GraphOps();
    if (this.inline && first.type === "load") {
      // Read on libuv's threads while this one goes on; what comes meanwhile is applied after.
      const inline = this.inline;
      this.loading = inline.load(first).then(() => {
        this.loading = undefined;
        for (const request of this.waiting.splice(0)) inline.apply(request);
      });
      this.loading.catch(() => undefined); // thrown by save, which awaits it
      return;
    }
    for (const request of [first, ...this.waiting.splice(0)]) this.send(request);
  }

  private send(request: GraphChange): void {
    if (this.dimensions === 0 || this.loading) return void this.waiting.push(request);
    if (this.inline) return this.inline.apply(request);
    this.worker!.postMessage(request);
  }

  private flush(): void {
    const batch = this.batch;
    if (!batch || batch.size === 0) return;
    this.batch = undefined;
    const request: GraphChange = {
      type: "add",
      dimensions: this.dimensions,
      vectors: batch.vectors.subarray(0, batch.size * this.dimensions),
      labels: batch.labels.subarray(0, batch.size),
    };
    if (this.inline) return this.send(request);
    this.worker!.postMessage(request, [batch.vectors.buffer, batch.labels.buffer]);
  }
}
