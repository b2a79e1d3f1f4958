/** A compiled validator as Ajv makes it and fastify calls it: true or false, the failures in `errors`. */
interface Validate {
  (data: unknown): unknown;
  errors?: unknown[] | null;
}

/** The part of an Ajv instance this plugin wraps. */
interface CompilingAjv {
  compile(schema: never, meta?: boolean): Validate;
}

/** Where `data` holds a number that is not finite (JSON pointers, '' for `data` itself). */
function findNonFiniteNumbers(data: unknown): string[] {
  const found: string[] = [];
  // A stack rather than recursion: a body can be nested deeper than the call stack.
  const pending: { value: unknown; path: string }[] = [{ value: data, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'number' && !Number.isFinite(value)) found.push(path);
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, item] of Object.entries(value)) pending.push({ value: item, path: `${path}/${key}` });
  }
  return found;
}

/**
 * An Ajv plugin for the app's validator: a value that Ajv's type coercion turned into a number that is not
 * finite (`?limit=1e309`, `?limit=-Infinity`) fails validation, naming the field, like any other bad value.
 * Ajv does not check the number it makes from a string (ajv-validator/ajv#2212) and its range keywords skip
 * numbers that are not finite, so `limit=1e309` passed `integer, maximum 500` and reached the database as
 * Infinity. A number parsed from a JSON body cannot be coerced that way: its type check refuses Infinity.
 */
export function refuseNonFiniteNumbers<A extends CompilingAjv>(ajv: A): A {
  const compile = ajv.compile.bind(ajv);
  ajv.compile = (schema: never, meta?: boolean): Validate => {
    const validate = compile(schema, meta);
    const checked: Validate = (data) => {
      const valid = validate(data);
      checked.errors = validate.errors ?? null;
      if (valid !== true) return valid;
      const paths = findNonFiniteNumbers(data);
      if (paths.length === 0) return true;
      checked.errors = paths.map((instancePath) => ({
        instancePath,
        schemaPath: '#',
        keyword: 'type',
        params: {},
        message: 'must be a finite number',
      }));
      return false;
    };
    return checked;
  };
  return ajv;
}
