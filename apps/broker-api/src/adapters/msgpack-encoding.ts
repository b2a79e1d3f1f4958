import { encode as encodeWithLibrary } from 'msgpack-lite';

/** A value this encoder leaves to msgpack-lite (its extension types: dates, errors, typed arrays, ...). */
class ExtensionValue extends Error {}

/**
 * The bytes msgpack-lite's `encode` gives for packets (objects of strings, numbers, booleans, buffers,
 * null/undefined, arrays and such objects), written into one reused buffer and copied out at their size.
 * msgpack-lite allocates a zeroed 2 KiB buffer per value (its minimum) and slices it: at a reconnect storm's
 * retained presence writes and routed publishes that was 6% of broker-api's CPU in `Buffer.alloc` alone
 * (tools/bench/README.md, "CONNECTs per second"). Anything else (a Date, a Map, a typed array: msgpack-lite's
 * extension types) is encoded by msgpack-lite itself, so the bytes are always the library's.
 */
export function encodeMsgpack(value: unknown): Buffer {
  for (;;) {
    try {
      const end = write(value, 0);
      const encoded = Buffer.allocUnsafe(end);
      scratch.copy(encoded, 0, 0, end);
      return encoded;
    } catch (error) {
      if (error instanceof RangeError && scratch.length < maxScratchBytes) {
        scratch = Buffer.allocUnsafe(scratch.length * 2);
        continue;
      }
      if (error instanceof ExtensionValue || error instanceof RangeError) return encodeWithLibrary(value);
      throw error;
    }
  }
}

const maxScratchBytes = 64 * 1024 * 1024;
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Makes room for `bytes` at `offset` (a RangeError grows the scratch buffer and starts again). */
function reserve(offset: number, bytes: number): number {
  if (offset + bytes > scratch.length) throw new RangeError('msgpack scratch buffer full');
  return offset + bytes;
}

/** A type byte and a length of 0, 1, 2 or 4 bytes (big-endian). */
function writeHead(offset: number, type: number, lengthBytes: 0 | 1 | 2 | 4, length: number): number {
  const end = reserve(offset, 1 + lengthBytes);
  scratch[offset] = type;
  if (lengthBytes === 1) scratch[offset + 1] = length;
  else if (lengthBytes === 2) scratch.writeUInt16BE(length, offset + 1);
  else if (lengthBytes === 4) scratch.writeUInt32BE(length, offset + 1);
  return end;
}

// The type choices of msgpack-lite 0.1.26 (lib/write-type.js), including its quirks: integers outside int32
// as float 64, bin 8 only below 255 bytes, `undefined` (and functions, symbols) as nil.
function writeNumber(offset: number, value: number): number {
  const int = value | 0;
  if (value !== int) {
    const end = reserve(offset, 9);
    scratch[offset] = 0xcb;
    scratch.writeDoubleBE(value, offset + 1);
    return end;
  }
  if (int >= -0x20 && int <= 0x7f) return writeHead(offset, int & 0xff, 0, 0);
  if (int >= 0) {
    if (int <= 0xff) return writeHead(offset, 0xcc, 1, int);
    if (int <= 0xffff) return writeHead(offset, 0xcd, 2, int);
    return writeHead(offset, 0xce, 4, int);
  }
  const end = reserve(offset, int >= -0x80 ? 2 : int >= -0x8000 ? 3 : 5);
  if (int >= -0x80) {
    scratch[offset] = 0xd0;
    scratch.writeInt8(int, offset + 1);
  } else if (int >= -0x8000) {
    scratch[offset] = 0xd1;
    scratch.writeInt16BE(int, offset + 1);
  } else {
    scratch[offset] = 0xd2;
    scratch.writeInt32BE(int, offset + 1);
  }
  return end;
}

/** Short ASCII strings (topics, ids, field names) byte by byte: cheaper than a native call per string. */
function writeShortAscii(offset: number, value: string): number | undefined {
  const length = value.length;
  const start = length < 32 ? writeHead(offset, 0xa0 + length, 0, 0) : writeHead(offset, 0xd9, 1, length);
  const end = reserve(start, length);
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x80) return undefined;
    scratch[start + i] = code;
  }
  return end;
}

function writeString(offset: number, value: string): number {
  if (value.length <= 0xff) {
    const end = writeShortAscii(offset, value);
    if (end !== undefined) return end;
  }
  const bytes = Buffer.byteLength(value);
  const start =
    bytes < 32
      ? writeHead(offset, 0xa0 + bytes, 0, 0)
      : bytes <= 0xff
        ? writeHead(offset, 0xd9, 1, bytes)
        : bytes <= 0xffff
          ? writeHead(offset, 0xda, 2, bytes)
          : writeHead(offset, 0xdb, 4, bytes);
  const end = reserve(start, bytes);
  scratch.write(value, start, bytes, 'utf8');
  return end;
}

function writeBuffer(offset: number, value: Buffer): number {
  const bytes = value.length;
  const start =
    bytes < 0xff
      ? writeHead(offset, 0xc4, 1, bytes)
      : bytes <= 0xffff
        ? writeHead(offset, 0xc5, 2, bytes)
        : writeHead(offset, 0xc6, 4, bytes);
  const end = reserve(start, bytes);
  value.copy(scratch, start);
  return end;
}

/** msgpack-lite's head of an array or map of `count` entries: fix, 16 or 32 (fixBase: 0x90 or 0x80). */
function writeCountHead(offset: number, count: number, fixBase: number, type16: number): number {
  if (count < 16) return writeHead(offset, fixBase + count, 0, 0);
  return count <= 0xffff ? writeHead(offset, type16, 2, count) : writeHead(offset, type16 + 1, 4, count);
}

function isExtension(value: object): boolean {
  return (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof Date ||
    value instanceof Error ||
    value instanceof RegExp ||
    value instanceof Map ||
    value instanceof Set
  );
}

function writeObject(offset: number, value: object): number {
  if (Buffer.isBuffer(value)) return writeBuffer(offset, value);
  if (Array.isArray(value)) {
    let end = writeCountHead(offset, value.length, 0x90, 0xdc);
    for (const item of value) end = write(item, end);
    return end;
  }
  if (isExtension(value)) throw new ExtensionValue();
  const keys = Object.keys(value);
  let end = writeCountHead(offset, keys.length, 0x80, 0xde);
  for (const key of keys) {
    end = writeString(end, key);
    end = write((value as Record<string, unknown>)[key], end);
  }
  return end;
}

function write(value: unknown, offset: number): number {
  switch (typeof value) {
    case 'string':
      return writeString(offset, value);
    case 'number':
      return writeNumber(offset, value);
    case 'boolean':
      return writeHead(offset, value ? 0xc3 : 0xc2, 0, 0);
    case 'object':
      return value === null ? writeHead(offset, 0xc0, 0, 0) : writeObject(offset, value);
    case 'bigint':
      throw new ExtensionValue();
    default: // undefined, function, symbol
      return writeHead(offset, 0xc0, 0, 0);
  }
}
