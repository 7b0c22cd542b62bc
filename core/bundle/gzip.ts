/**
 * gzip for .json.gz bundles, behind one pair of functions so callers don't care where they run:
 * node:zlib in Node (sync, precise errors), CompressionStream in browsers and workers.
 */

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface GzipImpl {
  gzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** Rejects on damaged or truncated input. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
}

type Zlib = { gzipSync(b: Uint8Array, o?: { level?: number }): Uint8Array; gunzipSync(b: Uint8Array): Uint8Array };

async function throughStream(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** The browser way (also in Node 18+, where it is slower than zlib). */
export const streamGzip: GzipImpl = {
  gzip: (b) => throughStream(b, new CompressionStream('gzip')),
  gunzip: (b) => throughStream(b, new DecompressionStream('gzip')),
};

function zlibGzip(z: Zlib): GzipImpl {
  return {
    gzip: async (b) => new Uint8Array(z.gzipSync(b, { level: 9 })),
    gunzip: async (b) => new Uint8Array(z.gunzipSync(b)),
  };
}

let chosen: Promise<GzipImpl> | undefined;
/** The one platform choice: zlib where Node is, streams elsewhere. */
export function gzipImpl(): Promise<GzipImpl> {
  chosen ??= (async () => {
    const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
    if (isNode) {
      // A variable specifier keeps browser bundlers from trying to include node:zlib.
      const name = 'node:zlib';
      try {
        return zlibGzip((await import(/* @vite-ignore */ name)) as Zlib);
      } catch {
        /* fall back to streams */
      }
    }
    return streamGzip;
  })();
  return chosen;
}

export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return (await gzipImpl()).gzip(bytes);
}

/** Throws on damaged or truncated input; callers turn that into a message for the user. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return (await gzipImpl()).gunzip(bytes);
}
