/**
 * True for any Error, including one made in another realm: Node's own errors seen from a jest sandbox
 * fail `instanceof Error`. (`Error.isError` does this from ES2026 on.)
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}
