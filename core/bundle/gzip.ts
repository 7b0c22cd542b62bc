/**
 * gzip for .json.gz bundles, behind one pair of functions so callers don't care where they run:
 * node:zlib in Node (sync, precise errors), CompressionStream in browsers and workers.
 */

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Zlib = { gzipSync(b: Uint8Array, o?: { level?: number }): Uint8Array; gunzipSync(b: Uint8Array): Uint8Array };

let zlibPromise: Promise<Zlib | undefined> | undefined;
function nodeZlib(): Promise<Zlib | undefined> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return Promise.resolve(undefined);
  // A variable specifier keeps browser bundlers from trying to include node:zlib.
  const name = 'node:zlib';
  zlibPromise ??= import(/* @vite-ignore */ name).then(
    (m: Zlib) => m,
    () => undefined,
  );
  return zlibPromise;
}

async function throughStream(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const z = await nodeZlib();
  if (z) return new Uint8Array(z.gzipSync(bytes, { level: 9 }));
  return throughStream(bytes, new CompressionStream('gzip'));
}

/** Throws on damaged or truncated input; callers turn that into a message for the user. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const z = await nodeZlib();
  if (z) return new Uint8Array(z.gunzipSync(bytes));
  return throughStream(bytes, new DecompressionStream('gzip'));
}
