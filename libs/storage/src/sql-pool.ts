/** The rows a statement returned, and how many rows it returned or changed. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number | null;
}

/**
 * A statement run often: PostgreSQL parses and plans it once per connection (a named prepared statement,
 * its plan cached) instead of on every call. A name stands for one text in the whole process.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** Something statements run on: a pool, or one checked-out connection. */
export interface SqlQueryable {
  /** Runs one statement (`$1`-style parameters), or several when no parameters are given. */
  query<Row = Record<string, unknown>>(
    statement: string | NamedStatement,
    params?: unknown[],
  ): Promise<SqlResult<Row>>;
}

/** One connection taken from a pool, for a transaction; give it back with `release`. */
export interface SqlClient extends SqlQueryable {
  release(): void;
}

/**
 * The PostgreSQL the services run their SQL on: a pg pool on a server (createPostgresPool) or the embedded
 * database (openEmbeddedPostgres). Repositories take this, so the same SQL runs on both.
 */
export interface SqlPool extends SqlQueryable {
  connect(): Promise<SqlClient>;
  end(): Promise<void>;
}
