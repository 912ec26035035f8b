import pg from 'pg';
import { config } from '../../../services/core/config.ts';

// Vacuums and analyzes the region database and the control database before a measurement. This machine's PostgreSQL runs
// with autovacuum off (its CI configuration), so without this the figures would also measure the
// dead rows and stale statistics that earlier test runs left, which a server with autovacuum on
// cleans up as it goes.
export async function vacuumRegion(region: string): Promise<void> {
  const { database } = config();
  for (const name of [`${database.prefix}_${region}`, `${database.prefix}_control`]) {
    const client = new pg.Client({ connectionString: database.ownerUrl(name) });
    await client.connect();
    try {
      await client.query('VACUUM (ANALYZE)');
    } finally {
      await client.end();
    }
  }
}
