// The spec in the URL: `#spec=` + base64url(deflate-raw(utf-8 text)), so a link reproduces
// it. Node's zlib.deflateRawSync makes the same bytes, which the tests use to open a spec.

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeSpec(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw")));
}

export async function decodeSpec(hash: string): Promise<string | undefined> {
  const m = /(?:^#|&)spec=([A-Za-z0-9_-]+)/.exec(hash);
  if (!m) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await pipe(fromBase64Url(m[1]!), new DecompressionStream("deflate-raw")));
  } catch {
    return undefined;
  }
}
