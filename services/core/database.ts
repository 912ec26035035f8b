import { Sequelize, type Transaction } from 'sequelize';
import { config, regionConfig } from './config.ts';
import { logger } from './logger.ts';

// One Sequelize instance per database and role, made on first use and shared by the process.
// Request handlers use the app role, which row-level security binds to one tenant per
// transaction; cross-tenant jobs (the outbox relay) use the system role.
const instances = new Map<string, Sequelize>();
const log = logger('database');

// Statements this process sent, across every instance. Each is a round trip, so operators and
// benchmarks relate them to the work done.
let statements = 0;

export function statementsSent(): number {
  return statements;
}

// Counts a statement sent past Sequelize, such as a prepared statement.
export function countStatement(): void {
  statements += 1;
}

function open(key: string, url: string): Sequelize {
  let instance = instances.get(key);
  if (!instance) {
    instance = new Sequelize(url, {
      dialect: 'postgres',
      logging: false,
      pool: { max: config().database.poolMax, min: 0, idle: 10_000, acquire: 15_000 },
      define: { underscored: true, timestamps: false },
    });
    instance.addHook('afterQuery', countStatement);
    instances.set(key, instance);
  }
  return instance;
}

export function controlDatabase(): Sequelize {
  return open('control', config().database.controlUrl);
}

export function regionDatabase(region: string): Sequelize {
  return open(`region:${region}`, regionConfig(region).databaseUrl);
}

export function systemDatabase(region: string): Sequelize {
  const { prefix } = config().database;
  return open(`system:${region}`, config().database.systemUrl(`${prefix}_${region}`));
}

export async function closeDatabases(): Promise<void> {
  const closing = [...instances.values()].map((instance) => instance.close());
  instances.clear();
  await Promise.allSettled(closing);
  log.debug('database pools closed');
}

export type { Transaction };
