/**
 * The operations an index build performs on its HNSW graph, the same whether they run on a worker
 * thread (hnsw-worker.ts) or on the caller's (small corpora): start a graph or load the previous
 * build's, withdraw points, add points, write the file.
 */
import hnswlib from "hnswlib-node";

/**
 * HNSW graph parameters: links per node, and the breadth of the search while building. At 150,000
 * chunks a build at 64 takes about three quarters of the time one at 100 does (the graph is the
 * slowest part of an ingest from empty), and searched with a broader ef (store.ts) it finds as many
 * true nearest neighbours: 99.1% of the 40 nearest against 99.6%.
 */
const HNSW_PARAMS = { m: 16, efConstruction: 64, randomSeed: 100 } as const;

/** One operation on the graph being built. */
export type GraphRequest =
  | { type: "init"; dimensions: number; maxElements: number }
  /**
   * Starts from a saved graph that holds `vacant` withdrawn points (new ones take their places),
   * with room for `more` new points.
   */
  | { type: "load"; file: string; dimensions: number; vacant: number; more: number }
  | { type: "delete"; labels: Int32Array }
  | { type: "add"; dimensions: number; vectors: Float32Array; labels: Int32Array }
  | { type: "save"; file: string };

/** The operations applied as they come (all but saving). */
export type GraphChange = Exclude<GraphRequest, { type: "save" }>;

export type Graph = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** A graph and the operations applied to it, in order. */
export class GraphOps {
  graph: Graph | undefined;
  /** Withdrawn points whose places new ones take. */
  private vacant = 0;
  /** The array points are handed to the graph in. */
  private point: number[] = [];

  apply(request: GraphChange): void {
    switch (request.type) {
      case "init":
        this.graph = new hnswlib.HierarchicalNSW("cosine", request.dimensions);
        this.graph.initIndex({ maxElements: request.maxElements, ...HNSW_PARAMS, allowReplaceDeleted: true });
        return;
      case "load": {
        const graph = new hnswlib.HierarchicalNSW("cosine", request.dimensions);
        graph.readIndexSync(request.file, true);
        return this.loaded(graph, request);
      }
      case "delete":
        for (const label of request.labels) this.graph!.markDelete(label);
        this.vacant += request.labels.length;
        return;
      case "add": {
        const { dimensions, vectors, labels } = request;
        // A graph started before the corpus was counted grows as points come (doubling).
        const graph = this.graph!;
        const grow = Math.max(0, labels.length - this.vacant);
        this.vacant -= labels.length - grow;
        const need = graph.getCurrentCount() + grow;
        if (need > graph.getMaxElements()) graph.resizeIndex(Math.max(need, 2 * graph.getMaxElements()));
        // hnswlib-node reads a point from a plain array, element by element: one array is refilled
        // for every point (making a new one each cost about 3 s of the thread's 53 at 150,000 points).
        const point =
          this.point.length === dimensions ? this.point : (this.point = new Array<number>(dimensions).fill(0));
        labels.forEach((label, k) => {
          for (let d = 0, at = k * dimensions; d < dimensions; d++) point[d] = vectors[at + d]!;
          // A withdrawn point's place is taken by a new one (the graph does not grow with each change).
          graph.addPoint(point, label, true);
        });
        return;
      }
    }
  }

  /** Loads a saved graph as `apply` does, reading the file on libuv's threads. */
  async load(request: Extract<GraphChange, { type: "load" }>): Promise<void> {
    const graph = new hnswlib.HierarchicalNSW("cosine", request.dimensions);
    await graph.readIndex(request.file, true);
    this.loaded(graph, request);
  }

  private loaded(graph: Graph, { vacant, more }: { vacant: number; more: number }): void {
    this.graph = graph;
    this.vacant = vacant;
    // Resizing copies the whole graph: only when the new points outnumber the vacant places.
    const need = graph.getCurrentCount() + Math.max(0, more - vacant);
    if (need > graph.getMaxElements()) graph.resizeIndex(need);
  }

  /** Writes the graph to `file` (on libuv's threads), without spare room: loading it allocates no more than it holds. */
  async save(file: string): Promise<void> {
    const graph = this.graph!;
    if (graph.getMaxElements() > graph.getCurrentCount()) graph.resizeIndex(graph.getCurrentCount());
    await graph.writeIndex(file);
  }
}
