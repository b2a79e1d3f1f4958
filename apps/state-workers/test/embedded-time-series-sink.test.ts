import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEmbeddedPostgres } from '@homeport/storage';
import { migrateStateWorkers } from '../src/migrations';
import { createPostgresTimeSeriesSubject } from './pg-time-series-subject';
import { describeTimeSeriesRollupsContract } from './time-series-rollups.contract';
import { describeTimeSeriesSinkContract } from './time-series-sink.contract';

/** The SQL store on a fresh PGlite database with state-workers' migrations, removed on close. */
async function openEmbeddedSubject() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-series-'));
  const pool = await openEmbeddedPostgres({ dataDir });
  await migrateStateWorkers({ pool });
  return createPostgresTimeSeriesSubject(pool, async () => {
    await pool.end();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

// The embedded mode's time series: the SQL store on PGlite, held to the same contracts as InfluxDB.
describeTimeSeriesSinkContract(
  'the SQL time-series sink on the embedded database (PGlite)',
  openEmbeddedSubject,
);

describeTimeSeriesRollupsContract(
  'the SQL time-series rollups on the embedded database (PGlite)',
  openEmbeddedSubject,
);
