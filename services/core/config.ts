// Typed configuration read once from the environment. Every setting names its variable, its
// default for a developer machine and the form it expects, so a bad value stops the process with
// a message an operator can act on.

export class ConfigError extends Error {
  constructor(variable: string, expected: string, actual: string | undefined) {
    const shown = actual === undefined ? 'it is not set' : `got "${actual}"`;
    super(`Invalid configuration: ${variable} must be ${expected}, but ${shown}.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback?: string): string {
  const value = env[name] ?? fallback;
  if (value === undefined || value === '') throw new ConfigError(name, 'a non-empty string', env[name]);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(name, 'a TCP port number from 0 to 65535', raw);
  }
  return value;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(name, 'a positive integer', raw);
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] ?? fallback;
  try {
    const parsed = new URL(raw);
    if (protocols.includes(parsed.protocol)) return raw;
  } catch {
    // Reported below with the expected form.
  }
  throw new ConfigError(name, `a URL starting with ${protocols.join(' or ')}//`, env[name]);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name] ?? fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(name, `one of ${allowed.join(', ')}`, env[name]);
}

function key32(env: Env, name: string, fallback: string | undefined): Buffer {
  const raw = env[name] ?? fallback;
  const value = raw === undefined ? Buffer.alloc(0) : Buffer.from(raw, 'base64');
  if (value.length !== 32) {
    // The value is a secret, so the message never repeats it.
    throw new ConfigError(name, 'a 32-byte key encoded in base64 (openssl rand -base64 32)', raw === undefined ? undefined : '<hidden>');
  }
  return value;
}

// Master keys replaced by MASTER_KEY, comma-separated, kept until every secret sealed under them
// has been sealed again. Exported so that tests can read a list without loading the rest.
export function previousMasterKeys(env: Env): Buffer[] {
  const entries = (env.MASTER_KEY_PREVIOUS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.map((entry, index) => {
    const value = Buffer.from(entry, 'base64');
    if (value.length !== 32) {
      // The list holds secrets, so the message names the position only.
      throw new ConfigError('MASTER_KEY_PREVIOUS', 'a comma-separated list of 32-byte keys encoded in base64', `<hidden; entry ${index + 1} is not such a key>`);
    }
    return value;
  });
}

function wholeMinutes(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0) throw new ConfigError(name, 'a whole number of minutes, 0 or more', raw);
  return value;
}

function regions(env: Env): string[] {
  const raw = env.REGIONS ?? 'eu,us';
  const list = raw.split(',').map((region) => region.trim()).filter(Boolean);
  if (list.length === 0 || !list.every((region) => /^[a-z][a-z0-9]{1,15}$/.test(region))) {
    throw new ConfigError('REGIONS', 'a comma-separated list of lowercase region names such as eu,us', env.REGIONS);
  }
  return list;
}

function databaseName(prefix: string, suffix: string): string {
  return `${prefix}_${suffix}`;
}

// Development-only master key: it lets a fresh clone run without setup, and production refuses it.
const DEVELOPMENT_MASTER_KEY = 'dGhyb3VnaGxpbmUtZGV2ZWxvcG1lbnQta2V5LTMyYiE=';

// Request limits of one API client tier: requests per minute and per UTC day.
export interface RateTier {
  perMinute: number;
  perDay: number;
}

// Defaults for the three tiers a plan can give a client. GATEWAY_RATE_TIERS replaces the whole
// table, for example "free=60/5000,standard=600/100000,enterprise=3000/2000000".
const DEFAULT_RATE_TIERS = 'free=60/5000,standard=600/100000,enterprise=3000/2000000';

function rateTiers(env: Env): Record<string, RateTier> {
  const raw = env.GATEWAY_RATE_TIERS ?? DEFAULT_RATE_TIERS;
  const tiers: Record<string, RateTier> = {};
  for (const entry of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z][a-z0-9-]{0,31})=(\d+)\/(\d+)$/.exec(entry);
    if (!match || Number(match[2]) <= 0 || Number(match[3]) <= 0) {
      throw new ConfigError('GATEWAY_RATE_TIERS', 'a comma-separated list of tier=perMinute/perDay with positive integers, such as free=60/5000', env.GATEWAY_RATE_TIERS);
    }
    tiers[match[1]!] = { perMinute: Number(match[2]), perDay: Number(match[3]) };
  }
  if (Object.keys(tiers).length === 0) throw new ConfigError('GATEWAY_RATE_TIERS', 'at least one tier', env.GATEWAY_RATE_TIERS);
  return tiers;
}

export interface RegionConfig {
  name: string;
  databaseUrl: string;
  amqpUrl: string;
}

export function loadConfig(env: Env = process.env) {
  const nodeEnv = oneOf(env, 'NODE_ENV', 'development', ['development', 'test', 'production'] as const);
  const production = nodeEnv === 'production';
  const databaseHost = text(env, 'DATABASE_HOST', '127.0.0.1');
  const databasePort = port(env, 'DATABASE_PORT', 5432);
  const databasePrefix = text(env, 'DATABASE_PREFIX', nodeEnv === 'test' ? 'throughline_test' : 'throughline');
  const appUser = text(env, 'DATABASE_APP_USER', 'throughline_app');
  const appPassword = env.DATABASE_APP_PASSWORD ?? '';
  const amqpBase = url(env, 'AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']);
  const vhostPrefix = text(env, 'AMQP_VHOST_PREFIX', databasePrefix.replaceAll('_', '-'));

  const databaseUrl = (user: string, password: string, name: string) => {
    const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
    return `postgres://${auth}@${databaseHost}:${databasePort}/${name}`;
  };

  const regionList = regions(env).map<RegionConfig>((name) => ({
    name,
    databaseUrl: databaseUrl(appUser, appPassword, databaseName(databasePrefix, name)),
    amqpUrl: `${amqpBase.replace(/\/$/, '')}/${encodeURIComponent(`${vhostPrefix}-${name}`)}`,
  }));

  const masterKey = key32(env, 'MASTER_KEY', production ? undefined : DEVELOPMENT_MASTER_KEY);
  if (production && env.MASTER_KEY === DEVELOPMENT_MASTER_KEY) {
    throw new ConfigError('MASTER_KEY', 'a key of its own in production, not the development key', '<hidden>');
  }

  return {
    nodeEnv,
    production,
    logLevel: oneOf(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'warn' : 'info', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const),
    database: {
      host: databaseHost,
      port: databasePort,
      prefix: databasePrefix,
      controlUrl: databaseUrl(appUser, appPassword, databaseName(databasePrefix, 'control')),
      // Three roles: the owner runs migrations, and request handlers use the app role. The system
      // role bypasses row-level security, so cross-tenant jobs such as the outbox relay use it.
      ownerUrl: (name: string) => databaseUrl(text(env, 'DATABASE_OWNER_USER', 'postgres'), env.DATABASE_OWNER_PASSWORD ?? '', name),
      systemUrl: (name: string) => databaseUrl(text(env, 'DATABASE_SYSTEM_USER', 'throughline_system'), env.DATABASE_SYSTEM_PASSWORD ?? '', name),
      appUser,
      poolMax: positiveInteger(env, 'DATABASE_POOL_MAX', 10),
    },
    regions: regionList,
    amqp: {
      baseUrl: amqpBase,
      // Messages a consumer's work queue channel holds unacknowledged. Handlers are limited by the
      // database pool, so the rest wait in memory or, for a tenant over its share, move to the
      // overflow queue; a wide window moves a flooding tenant's backlog there quickly.
      prefetch: positiveInteger(env, 'AMQP_PREFETCH', 64),
    },
    gateway: {
      host: text(env, 'GATEWAY_HOST', '127.0.0.1'),
      port: port(env, 'GATEWAY_PORT', 8080),
      issuer: url(env, 'GATEWAY_ISSUER', 'http://127.0.0.1:8080', ['http:', 'https:']),
      audience: text(env, 'GATEWAY_AUDIENCE', 'https://api.throughline.example'),
      tokenLifetimeSeconds: positiveInteger(env, 'TOKEN_LIFETIME_SECONDS', 900),
      maxBodyBytes: positiveInteger(env, 'GATEWAY_MAX_BODY_BYTES', 256 * 1024),
      // A tenant policy may set its own token lifetime, up to this many seconds.
      maxTokenLifetimeSeconds: positiveInteger(env, 'TOKEN_MAX_LIFETIME_SECONDS', 3600),
      // The active signing key is replaced when it is older than this many days.
      signingKeyRotationDays: positiveInteger(env, 'SIGNING_KEY_ROTATION_DAYS', 30),
      rateTiers: rateTiers(env),
      // A tenant's own identity provider may use plain http only outside production (local tests).
      allowInsecureIdentityProviders: (env.IDP_ALLOW_INSECURE ?? (production ? 'false' : 'true')) === 'true',
      // The bearer token a scraper sends to read the gateway's /metrics. Empty turns /metrics off,
      // which is the production default, so metrics are never public by accident.
      metricsToken: env.METRICS_TOKEN ?? (production ? '' : 'development-metrics-token'),
    },
    redis: {
      // Shared rate-limit counters and client assertion ids, so limits hold across gateway copies.
      url: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      keyPrefix: text(env, 'REDIS_KEY_PREFIX', `${databasePrefix}:`),
    },
    portal: {
      host: text(env, 'PORTAL_HOST', '127.0.0.1'),
      port: port(env, 'PORTAL_PORT', 8081),
      baseUrl: url(env, 'PORTAL_BASE_URL', 'http://127.0.0.1:8081', ['http:', 'https:']),
      sessionSecret: text(env, 'SESSION_SECRET', production ? undefined : 'development-session-secret-not-for-production'),
      oidcIssuer: url(env, 'OIDC_ISSUER', 'http://127.0.0.1:8082', ['http:', 'https:']),
      oidcClientId: text(env, 'OIDC_CLIENT_ID', 'throughline-portal'),
      oidcClientSecret: text(env, 'OIDC_CLIENT_SECRET', production ? undefined : 'throughline-portal-secret'),
    },
    idp: {
      port: port(env, 'IDP_PORT', 8082),
    },
    worker: {
      metricsPort: port(env, 'WORKER_PORT', 8085),
      // Seconds between background computations of the KPI gauges that /metrics serves.
      kpiMetricsIntervalSeconds: positiveInteger(env, 'KPI_METRICS_INTERVAL_SECONDS', 60),
      // The region this worker serves; empty means every configured region (development).
      region: env.WORKER_REGION ?? '',
      // Minutes between scheduled reconciliation passes; 0 turns the schedule off.
      reconciliationIntervalMinutes: wholeMinutes(env, 'RECONCILIATION_INTERVAL_MINUTES', 60),
      // On SIGTERM, steps in flight get this many milliseconds to finish before connections close.
      shutdownTimeoutMs: positiveInteger(env, 'WORKER_SHUTDOWN_TIMEOUT_MS', 10_000),
    },
    simulators: {
      clmPort: port(env, 'CLM_SIMULATOR_PORT', 8090),
      erpPort: port(env, 'ERP_SIMULATOR_PORT', 8091),
      crmPort: port(env, 'CRM_SIMULATOR_PORT', 8092),
      psaPort: port(env, 'PSA_SIMULATOR_PORT', 8093),
      // Folder where the simulators keep their records between restarts, so that the development
      // database's lineage still points at records that exist. Empty keeps them in memory only.
      stateDir: env.SIMULATOR_STATE_DIR ?? (nodeEnv === 'development' ? 'deploy/local/.data/simulators' : ''),
    },
    // Development and tests call simulators on 127.0.0.1, so the egress guard allows loopback there.
    egressAllowLoopback: (env.EGRESS_ALLOW_LOOPBACK ?? (production ? 'false' : 'true')) === 'true',
    masterKey,
    previousMasterKeys: previousMasterKeys(env),
  };
}

export type Config = ReturnType<typeof loadConfig>;

let cached: Config | undefined;

// Returns the process configuration, reading and validating it on first use.
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

export function regionConfig(name: string): RegionConfig {
  const region = config().regions.find((candidate) => candidate.name === name);
  if (!region) throw new Error(`Unknown region "${name}": REGIONS lists ${config().regions.map((r) => r.name).join(', ')}.`);
  return region;
}
