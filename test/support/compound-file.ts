/**
 * A small writer of OLE compound files (MS-CFB version 3: 512-byte sectors, 64-byte mini sectors
 * for streams under 4096 bytes), the container of .doc files. Streams sit at the root; enough for
 * tests, no more (no storages, no DIFAT sectors beyond the header's 109 FAT sectors).
 */

const SECTOR = 512;
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;
const ENTRY = 128;
const FREE = -1;
const END_OF_CHAIN = -2;
const FAT_SECTOR = -3;
const NO_STREAM = -1;

interface Entry {
  name: string;
  type: 2 | 5; // stream, root
  data: Uint8Array;
  start: number;
  left: number;
  right: number;
  child: number;
}

/** MS-CFB's order of names in a directory: shorter first, then by upper-cased code units. */
function compareNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const [x, y] = [a.toUpperCase(), b.toUpperCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Links the sorted entries lo..hi into a balanced binary tree; returns its root's index. */
function linkTree(entries: Entry[], ids: number[], lo: number, hi: number): number {
  if (lo > hi) return NO_STREAM;
  const mid = (lo + hi) >> 1;
  const entry = entries[ids[mid]!]!;
  entry.left = linkTree(entries, ids, lo, mid - 1);
  entry.right = linkTree(entries, ids, mid + 1, hi);
  return ids[mid]!;
}

const sectorsFor = (bytes: number, size: number) => Math.ceil(bytes / size);

/** A compound file holding `streams` (name -> bytes) in its root storage. */
export function compoundFile(streams: Record<string, Uint8Array>): Buffer {
  const entries: Entry[] = [
    {
      name: "Root Entry",
      type: 5,
      data: new Uint8Array(),
      start: END_OF_CHAIN,
      left: NO_STREAM,
      right: NO_STREAM,
      child: NO_STREAM,
    },
  ];
  for (const [name, data] of Object.entries(streams)) {
    if (name.length > 31) throw new Error(`stream name too long: ${name}`);
    entries.push({ name, type: 2, data, start: END_OF_CHAIN, left: NO_STREAM, right: NO_STREAM, child: NO_STREAM });
  }
  const ids = entries
    .map((_, i) => i)
    .slice(1)
    .sort((a, b) => compareNames(entries[a]!.name, entries[b]!.name));
  entries[0]!.child = linkTree(entries, ids, 0, ids.length - 1);

  // Small streams go into the mini stream, one run of mini sectors each.
  const small = entries.slice(1).filter((e) => e.data.length < MINI_CUTOFF && e.data.length > 0);
  const big = entries.slice(1).filter((e) => e.data.length >= MINI_CUTOFF);
  const miniFat: number[] = [];
  const miniChunks: Uint8Array[] = [];
  for (const e of small) {
    const n = sectorsFor(e.data.length, MINI_SECTOR);
    e.start = miniFat.length;
    for (let i = 0; i < n; i++) miniFat.push(i === n - 1 ? END_OF_CHAIN : e.start + i + 1);
    const padded = new Uint8Array(n * MINI_SECTOR);
    padded.set(e.data);
    miniChunks.push(padded);
  }
  const miniStream = Buffer.concat(miniChunks);

  const dirSectors = sectorsFor(entries.length * ENTRY, SECTOR);
  const miniFatSectors = sectorsFor(miniFat.length * 4, SECTOR);
  const miniStreamSectors = sectorsFor(miniStream.length, SECTOR);
  const bigSectors = big.reduce((n, e) => n + sectorsFor(e.data.length, SECTOR), 0);
  const dataSectors = dirSectors + miniFatSectors + miniStreamSectors + bigSectors;
  let fatSectors = 1;
  while (fatSectors * (SECTOR / 4) < fatSectors + dataSectors) fatSectors++;
  if (fatSectors > 109) throw new Error("too large for a header-only DIFAT");

  // Sectors in order: FAT, directory, mini FAT, mini stream, then each big stream.
  const fat: number[] = Array.from({ length: fatSectors }, () => FAT_SECTOR);
  const chain = (count: number): number => {
    if (count === 0) return END_OF_CHAIN;
    const first = fat.length;
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? END_OF_CHAIN : first + i + 1);
    return first;
  };
  const dirStart = chain(dirSectors);
  const miniFatStart = chain(miniFatSectors);
  entries[0]!.start = chain(miniStreamSectors);
  entries[0]!.data = miniStream;
  for (const e of big) e.start = chain(sectorsFor(e.data.length, SECTOR));
  while (fat.length < fatSectors * (SECTOR / 4)) fat.push(FREE);

  const header = Buffer.alloc(SECTOR);
  Buffer.from("d0cf11e0a1b11ae1", "hex").copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(3, 26); // major version: 512-byte sectors
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // sector shift
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeInt32LE(fatSectors, 44);
  header.writeInt32LE(dirStart, 48);
  header.writeInt32LE(MINI_CUTOFF, 56);
  header.writeInt32LE(miniFatSectors ? miniFatStart : END_OF_CHAIN, 60);
  header.writeInt32LE(miniFatSectors, 64);
  header.writeInt32LE(END_OF_CHAIN, 68); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeInt32LE(i < fatSectors ? i : FREE, 76 + 4 * i);

  const fatBytes = Buffer.alloc(fatSectors * SECTOR);
  fat.forEach((v, i) => fatBytes.writeInt32LE(v, 4 * i));

  const dir = Buffer.alloc(dirSectors * SECTOR);
  entries.forEach((e, i) => {
    const at = i * ENTRY;
    dir.write(e.name, at, "utf16le");
    dir.writeUInt16LE((e.name.length + 1) * 2, at + 64);
    dir.writeUInt8(e.type, at + 66);
    dir.writeUInt8(1, at + 67); // black
    dir.writeInt32LE(e.left, at + 68);
    dir.writeInt32LE(e.right, at + 72);
    dir.writeInt32LE(e.child, at + 76);
    dir.writeInt32LE(e.data.length > 0 ? e.start : END_OF_CHAIN, at + 116);
    dir.writeUInt32LE(e.data.length, at + 120);
  });
  for (let at = entries.length * ENTRY; at < dir.length; at += ENTRY) {
    for (const field of [68, 72, 76]) dir.writeInt32LE(NO_STREAM, at + field); // unused entries
  }

  const miniFatBytes = Buffer.alloc(miniFatSectors * SECTOR, 0xff);
  miniFat.forEach((v, i) => miniFatBytes.writeInt32LE(v, 4 * i));
  const pad = (data: Uint8Array) => {
    const out = Buffer.alloc(sectorsFor(data.length, SECTOR) * SECTOR);
    out.set(data);
    return out;
  };
  return Buffer.concat([header, fatBytes, dir, miniFatBytes, pad(miniStream), ...big.map((e) => pad(e.data))]);
}
