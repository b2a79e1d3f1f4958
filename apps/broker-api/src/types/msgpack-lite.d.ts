// msgpack-lite ships no type declarations; this is the part broker-api uses.
declare module 'msgpack-lite' {
  export function encode(value: unknown): Buffer;
  export function decode(buffer: Buffer): unknown;
}
