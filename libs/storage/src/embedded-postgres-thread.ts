import { Worker } from 'node:worker_threads';

/** What a statement returned, as PGlite gives it. */
export interface ThreadResult {
  readonly rows: unknown[];
  readonly affectedRows?: number;
}

/** PGlite on a thread of its own: statements go there and their results come back. */
export interface DatabaseThread {
  /**
   * Runs one statement (`$1`-style parameters), or several when no parameters are given (the last's result).
   * A statement with parameters and a `name` is prepared at its first run and executed as prepared after.
   */
  run(text: string, params?: unknown[], name?: string): Promise<ThreadResult | undefined>;
  /** Closes the database (its files consistent), then ends the thread. */
  close(): Promise<void>;
}

// The thread's script, evaluated by Node as CommonJS (a file of its own would need tsx or a build step to run
// as TypeScript, which the worker of a bundle or of a jest run does not have). Errors travel as plain objects
// with their own fields (PostgreSQL's code, detail, constraint...), which postgres-errors.ts reads.
// Messages are handled one after the other: the prepared path talks to PGlite's protocol, beside its own query
// path, whose lock it does not take.
// A named statement is prepared once, as pg prepares one once per connection: PGlite's query parses, plans and
// describes a statement at every run (state-workers' merge above the kept rows: 3.0 ms a run against 0.6
// prepared, nothing to merge). Its parameters are serialized by the types PostgreSQL described, its results
// parsed as query parses them, and the files synced outside a transaction, as query does.
const threadScript = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite, types, protocol, parse } = require(workerData.pglitePath);
const toPlain = (error) => {
  if (!(error instanceof Error)) return { message: String(error) };
  const plain = { name: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) plain[key] = value;
  }
  return plain;
};
const keepText = (value) => value;
const { serialize } = protocol;
PGlite.create(workerData.dataDir, { parsers: { [types.INT8]: keepText, [types.NUMERIC]: keepText } }).then(
  (db) => {
    // Statement name in the session and parameter types, by the caller's name.
    const prepared = new Map();
    let statements = 0;
    const send = async (parts) => db.execProtocolStream(Buffer.concat([...parts, serialize.sync()]), { syncToFs: false });
    const prepare = async (name, text) => {
      const known = prepared.get(name);
      if (known !== undefined) {
        if (known.text === text) return known;
        // As pg refuses it: one name runs one text.
        throw new Error('Prepared statements must be unique - "' + name + '" was used for a different statement');
      }
      statements += 1;
      const statement = 's' + String(statements);
      const described = await send([serialize.parse({ name: statement, text }), serialize.describe({ type: 'S', name: statement })]);
      const entry = { text, statement, types: parse.parseDescribeStatementResults(described) };
      prepared.set(name, entry);
      return entry;
    };
    const execute = async (name, text, params) => {
      const { statement, types: paramTypes } = await prepare(name, text);
      const values = params.map((value, index) => {
        if (value === null || value === undefined) return null;
        const serializer = db.serializers[paramTypes[index]];
        return serializer ? serializer(value) : value.toString();
      });
      return send([serialize.bind({ statement, values }), serialize.describe({ type: 'P' }), serialize.execute({})]);
    };
    // A statement PostgreSQL no longer runs as prepared (a table's columns changed under it: 0A000; gone: 26000)
    // is prepared again, once, where the session can: the embedded session lasts as long as the process.
    const isStale = (error) => error.code === '0A000' || error.code === '26000';
    const runPrepared = async (name, text, params) => {
      let messages;
      try {
        messages = await execute(name, text, params);
      } catch (error) {
        if (!isStale(error)) throw error;
        const stale = prepared.get(name);
        prepared.delete(name);
        if (stale === undefined || db.isInTransaction()) throw error;
        await send([serialize.close({ type: 'S', name: stale.statement })]);
        messages = await execute(name, text, params);
      }
      if (!db.isInTransaction()) await db.syncToFs();
      return parse.parseResults(messages, db.parsers)[0];
    };
    const handle = async ({ id, text, params, name, close }) => {
      try {
        if (close) {
          await db.close();
          parentPort.postMessage({ id });
          return;
        }
        const result = params === undefined || params.length === 0
          ? (await db.exec(text)).at(-1)
          : name === undefined
            ? await db.query(text, params)
            : await runPrepared(name, text, params);
        parentPort.postMessage({ id, result: result && { rows: result.rows, affectedRows: result.affectedRows } });
      } catch (error) {
        // As PGlite's query adds it: the statement that failed, for the log.
        if (error instanceof Error && error.query === undefined) error.query = text;
        parentPort.postMessage({ id, error: toPlain(error) });
      }
    };
    let handled = Promise.resolve();
    parentPort.on('message', (message) => {
      handled = handled.then(() => handle(message));
    });
    parentPort.postMessage({ id: 0 });
  },
  (error) => parentPort.postMessage({ id: 0, error: toPlain(error) }),
);
`;

interface Reply {
  readonly id: number;
  readonly result?: ThreadResult;
  readonly error?: Record<string, unknown>;
}

function toError(plain: Record<string, unknown>): Error {
  return Object.assign(new Error(String(plain['message'])), plain);
}

/**
 * Starts PGlite (int8 and numeric kept as text, as pg does) on a worker thread, so that PostgreSQL's work
 * runs on another core than the event loop of the services calling it. One statement at a time is in flight
 * (the caller's session lock); a thread that dies fails what was in flight and everything after.
 */
export function startDatabaseThread(dataDir: string | undefined): Promise<DatabaseThread> {
  const worker = new Worker(threadScript, {
    eval: true,
    workerData: { dataDir, pglitePath: require.resolve('@electric-sql/pglite') },
  });
  const waiting = new Map<number, { resolve(reply: Reply): void; reject(error: unknown): void }>();
  let nextId = 1;
  let failure: Error | undefined;
  // The thread keeps the process alive only while a statement is in flight, as a socket with a query would.
  const holdWhileWaiting = () => {
    if (waiting.size === 0) worker.unref();
    else worker.ref();
  };
  const failAll = (error: Error) => {
    failure ??= error;
    for (const entry of waiting.values()) entry.reject(failure);
    waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    holdWhileWaiting();
    entry?.resolve(reply);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    failAll(new Error(`the embedded database's thread ended (exit code ${code})`));
  });
  const send = (id: number, message: object) =>
    new Promise<Reply>((resolve, reject) => {
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      waiting.set(id, { resolve, reject });
      holdWhileWaiting();
      if (id !== 0) worker.postMessage({ id, ...message });
    });
  const call = async (message: object) => {
    const reply = await send(nextId++, message);
    if (reply.error !== undefined) throw toError(reply.error);
    return reply.result;
  };
  return send(0, {}).then(async (ready) => {
    if (ready.error !== undefined) {
      await worker.terminate();
      throw toError(ready.error);
    }
    return {
      run: (text, params, name) => call({ text, ...(params && { params }), ...(name && { name }) }),
      async close() {
        await call({ close: true });
        await worker.terminate();
      },
    };
  });
}
