/**
 * A file's bytes read by one request to libuv's threads (two for the open and its size): the read
 * goes on while this thread is busy. fs.readFile reads half a megabyte at a time and needs this
 * thread between pieces, so a large file read "in the background" waits for whatever runs here.
 */
import { open } from "node:fs/promises";

export async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, size - done, done);
      if (bytesRead === 0) throw new Error(`${file} ended after ${done} of ${size} bytes (changed while read?)`);
      done += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}
