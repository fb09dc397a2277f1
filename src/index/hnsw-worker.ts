/**
 * The HNSW graph built on a thread of its own (hnsw-build.ts sends the operations): inserting
 * into the graph is the slowest step of an ingest, and here it runs while the main thread is still
 * tokenising and embedding the chunks that follow.
 */
import { parentPort } from "node:worker_threads";
import { GraphOps, type GraphRequest } from "./hnsw-graph.ts";

const ops = new GraphOps();
/** The first failure, reported when the graph is to be saved. */
let failure: string | undefined;

parentPort!.on("message", async (request: GraphRequest) => {
  try {
    if (failure === undefined) {
      if (request.type === "save") await ops.save(request.file);
      else ops.apply(request);
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  if (request.type === "save")
    parentPort!.postMessage(failure === undefined ? { saved: request.file } : { error: failure });
});
