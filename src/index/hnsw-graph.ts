/**
 * The operations an index build performs on its HNSW graph, the same whether they run on a worker
 * thread (hnsw-worker.ts) or on the caller's (small corpora): start a graph or load the previous
 * build's, withdraw points, add points, write the file.
 */
import hnswlib from "hnswlib-node";

/** HNSW graph parameters: links per node, and the breadth of the search while building. */
const HNSW_PARAMS = { m: 16, efConstruction: 100, randomSeed: 100 } as const;

/** One operation on the graph being built. */
export type GraphRequest =
  | { type: "init"; dimensions: number; maxElements: number }
  /** Starts from a saved graph, with room for `more` points beyond those it holds. */
  | { type: "load"; file: string; dimensions: number; more: number }
  | { type: "delete"; labels: Int32Array }
  | { type: "add"; dimensions: number; vectors: Float32Array; labels: Int32Array }
  | { type: "save"; file: string };

type Graph = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** A graph and the operations applied to it, in order. */
export class GraphOps {
  private graph: Graph | undefined;

  apply(request: GraphRequest): void {
    switch (request.type) {
      case "init":
        this.graph = new hnswlib.HierarchicalNSW("cosine", request.dimensions);
        this.graph.initIndex({ maxElements: request.maxElements, ...HNSW_PARAMS, allowReplaceDeleted: true });
        return;
      case "load": {
        const graph = (this.graph = new hnswlib.HierarchicalNSW("cosine", request.dimensions));
        graph.readIndexSync(request.file, true);
        const need = graph.getCurrentCount() + request.more;
        if (need > graph.getMaxElements()) graph.resizeIndex(need);
        return;
      }
      case "delete":
        for (const label of request.labels) this.graph!.markDelete(label);
        return;
      case "add": {
        const { dimensions, vectors, labels } = request;
        // A graph started before the corpus was counted grows as points come (doubling).
        const graph = this.graph!;
        const need = graph.getCurrentCount() + labels.length;
        if (need > graph.getMaxElements()) graph.resizeIndex(Math.max(need, 2 * graph.getMaxElements()));
        // A withdrawn point's place is taken by a new one (the graph does not grow with each change).
        labels.forEach((label, k) =>
          this.graph!.addPoint(Array.from(vectors.subarray(k * dimensions, (k + 1) * dimensions)), label, true),
        );
        return;
      }
      case "save": {
        // Saved without spare room, so loading it allocates no more than it holds.
        const graph = this.graph!;
        if (graph.getMaxElements() > graph.getCurrentCount()) graph.resizeIndex(graph.getCurrentCount());
        graph.writeIndexSync(request.file);
        return;
      }
    }
  }
}
