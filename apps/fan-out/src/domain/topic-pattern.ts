/**
 * Topic patterns of non-Homeport brokers, e.g. `factory/{vendorId}/{deviceId}/temperature`: each level is a
 * literal, a placeholder (`{vendorId}`, `{deviceId}`), `+` (any one level) or a final `#` (the rest).
 * Homeport's own topics are never matched here: they go through contracts' `parseDeviceTopic`.
 */
export interface TopicPattern {
  /** The pattern as written. */
  readonly source: string;
  /** The subscription filter that covers the pattern (placeholders become `+`). */
  readonly filter: string;
  readonly hasVendorId: boolean;
  /** The placeholder values when the topic matches, else undefined. */
  match(topic: string): { vendorId?: string; deviceId: string } | undefined;
}

const placeholders = new Set(['{vendorId}', '{deviceId}']);

/** Compiles a pattern; throws an Error saying what is wrong with it. */
export function compileTopicPattern(source: string): TopicPattern {
  const levels = source.split('/');
  const problems = findPatternProblems(levels);
  if (problems.length > 0) throw new Error(`pattern "${source}": ${problems.join('; ')}`);
  const filter = levels.map((level) => (placeholders.has(level) ? '+' : level)).join('/');
  return {
    source,
    filter,
    hasVendorId: levels.includes('{vendorId}'),
    match: (topic) => matchLevels(levels, topic.split('/')),
  };
}

/** Why the pattern's levels cannot be used; empty when they can. */
function findPatternProblems(levels: readonly string[]): string[] {
  const problems: string[] = [];
  const deviceIdCount = levels.filter((level) => level === '{deviceId}').length;
  if (deviceIdCount !== 1) problems.push('needs exactly one {deviceId} level');
  if (levels.filter((level) => level === '{vendorId}').length > 1) problems.push('repeats {vendorId}');
  levels.forEach((level, index) => {
    if (level === '#' && index !== levels.length - 1) problems.push('# must be the last level');
    const isSpecial = placeholders.has(level) || level === '+' || level === '#';
    if (!isSpecial && /[{}+#]/.test(level)) problems.push(`level "${level}" mixes text and a wildcard`);
  });
  return problems;
}

function matchLevels(
  pattern: readonly string[],
  topic: readonly string[],
): { vendorId?: string; deviceId: string } | undefined {
  let vendorId: string | undefined;
  let deviceId: string | undefined;
  for (const [index, expected] of pattern.entries()) {
    if (expected === '#') break;
    const level = topic[index];
    if (level === undefined) return undefined;
    if (expected === '{vendorId}') vendorId = level;
    else if (expected === '{deviceId}') deviceId = level;
    else if (expected !== '+' && expected !== level) return undefined;
  }
  const lengthMatches =
    pattern.at(-1) === '#' ? topic.length >= pattern.length - 1 : topic.length === pattern.length;
  if (!lengthMatches || deviceId === undefined) return undefined;
  return vendorId === undefined ? { deviceId } : { vendorId, deviceId };
}
