import { createViolation, type PayloadLimitViolation } from './payload-limits';

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const openBracket = 0x5b;
const closeBrace = 0x7d;
const closeBracket = 0x5d;
const comma = 0x2c;
const colon = 0x3a;

/** Property names in a violation's path are cut to this many characters. */
const maxPathKeyLength = 64;

/** An open container while scanning, and where in it the scan is. */
interface Open {
  readonly isArray: boolean;
  /** The current element's index (arrays). */
  index: number;
  /** Where the current property name's text starts and ends (objects; -1 before the first). */
  keyStart: number;
  keyEnd: number;
  expectingKey: boolean;
}

/**
 * Scans JSON text for nesting deeper than `maxDepth` before it is parsed, in one pass without recursion,
 * holding at most `maxDepth` open containers: a hostile document costs its length, never a deep structure.
 * Returns the violation with the path of the container that went too deep, or undefined. It does not
 * validate: text that is not JSON is for JSON.parse to refuse.
 */
export function findJsonDepthViolation(text: string, maxDepth: number): PayloadLimitViolation | undefined {
  const open: Open[] = [];
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    const top = open[open.length - 1];
    if (code === quote) {
      const end = findStringEnd(text, at);
      if (top !== undefined && !top.isArray && top.expectingKey) {
        top.keyStart = at;
        top.keyEnd = end;
      }
      at = end;
    } else if (code === openBrace || code === openBracket) {
      if (open.length === maxDepth) {
        const segments = open.map((container) => readSegment(text, container));
        return createViolation('PAYLOAD_TOO_DEEP', segments, `nesting deeper than ${maxDepth}`);
      }
      const isArray = code === openBracket;
      open.push({ isArray, index: 0, keyStart: -1, keyEnd: -1, expectingKey: !isArray });
    } else if (code === closeBrace || code === closeBracket) {
      open.pop();
    } else if (code === comma && top !== undefined) {
      if (top.isArray) top.index += 1;
      else top.expectingKey = true;
    } else if (code === colon && top !== undefined) {
      top.expectingKey = false;
    }
  }
  return undefined;
}

/**
 * Index of the closing quote of the string opening at `start` (the text's end when unterminated): the next
 * quote preceded by an even number of backslashes. indexOf skips a string's content at native speed.
 */
function findStringEnd(text: string, start: number): number {
  for (let at = text.indexOf('"', start + 1); at >= 0; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === backslash) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
  return text.length;
}

/** The container's current index, or property name as JSON.parse reads it (the raw text if it cannot). */
function readSegment(text: string, container: Open): string | number {
  if (container.isArray) return container.index;
  if (container.keyStart < 0) return '';
  const raw = text.slice(container.keyStart, container.keyEnd + 1);
  let key: string;
  try {
    key = String(JSON.parse(raw));
  } catch {
    key = raw.slice(1, -1);
  }
  return key.slice(0, maxPathKeyLength);
}
