// Runs the control and region migrations (the Procfile's release process and `npm run migrate`).
// Before migrating it makes sure the databases and the two runtime roles exist: the app role,
// which row-level security applies to, and the system role, which bypasses it for cross-tenant jobs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { config } from '../services/core/config.ts';
import type { MigrationContext } from './support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function connect(url: string): Sequelize {
  return new Sequelize(url, { dialect: 'postgres', logging: false });
}

async function ensureRolesAndDatabases(names: string[]): Promise<void> {
  const { database } = config();
  const admin = connect(database.ownerUrl('postgres'));
  try {
    const roles: [string, string][] = [
      [database.appUser, 'NOBYPASSRLS'],
      [process.env.DATABASE_SYSTEM_USER ?? 'throughline_system', 'BYPASSRLS'],
    ];
    for (const [role, rls] of roles) {
      const [found] = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = :role', { replacements: { role } });
      if (found.length === 0) await admin.query(`CREATE ROLE "${role}" LOGIN ${rls}`);
    }
    for (const name of names) {
      const [found] = await admin.query('SELECT 1 FROM pg_database WHERE datname = :name', { replacements: { name } });
      if (found.length === 0) {
        await admin.query(`CREATE DATABASE "${name}"`);
        console.log(`created database ${name}`);
      }
    }
  } finally {
    await admin.close();
  }
}

async function migrateDatabase(name: string, folder: 'control' | 'region'): Promise<void> {
  const { database } = config();
  const sequelize = connect(database.ownerUrl(name));
  try {
    const umzug = new Umzug<MigrationContext>({
      migrations: {
        glob: ['*.{ts,js}', { cwd: path.join(here, folder), ignore: ['*.d.ts'] }],
        // Names drop the extension, so the compiled release and the TypeScript sources share history.
        resolve: ({ name, path: file, context }) => ({
          name: name.replace(/\.(ts|js)$/, ''),
          up: async () => (await import(file!)).up({ context }),
          down: async () => (await import(file!)).down({ context }),
        }),
      },
      context: { sequelize },
      storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
      logger: undefined,
    });
    const applied = await umzug.up();
    console.log(`${name}: ${applied.length} migration(s) applied${applied.length ? `: ${applied.map((m) => m.name).join(', ')}` : ''}`);

    const roles = [`"${database.appUser}"`, `"${process.env.DATABASE_SYSTEM_USER ?? 'throughline_system'}"`].join(', ');
    await sequelize.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${roles}`);
    await sequelize.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${roles}`);
  } finally {
    await sequelize.close();
  }
}

export async function migrateAll(): Promise<void> {
  const { database, regions } = config();
  const control = `${database.prefix}_control`;
  const regionNames = regions.map((region) => `${database.prefix}_${region.name}`);

  await ensureRolesAndDatabases([control, ...regionNames]);
  await migrateDatabase(control, 'control');
  for (const name of regionNames) await migrateDatabase(name, 'region');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  migrateAll().catch((error: unknown) => {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
