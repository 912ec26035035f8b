import { apiPolicyModels, type ApiVersionStatus } from '../../core/models/api-policy.ts';
import { logger } from '../../core/logger.ts';

const log = logger('version-registry');

// The lifecycle of each API version: beta, current, deprecated or retired, with its dates and
// successor. Operators keep it in the api_versions table; tests pass a fixed list instead.

export interface VersionLifecycle {
  version: string;
  status: ApiVersionStatus;
  releasedAt: Date;
  deprecatedAt: Date | null;
  sunsetAt: Date | null;
  successor: string | null;
}

export type VersionSource = () => Promise<VersionLifecycle[]>;

export const databaseVersionSource: VersionSource = async () => {
  const rows = await apiPolicyModels().ApiVersionRecord.findAll();
  return rows.map((row) => row.get({ plain: true }));
};

// A status change reaches every gateway copy within this many milliseconds.
const CACHE_MS = 30_000;

export class VersionRegistry {
  private cached: { byVersion: Map<string, VersionLifecycle>; until: number } | undefined;

  constructor(private readonly source: VersionSource = databaseVersionSource) {}

  async lookup(version: string): Promise<VersionLifecycle | undefined> {
    return (await this.load()).get(version);
  }

  async list(): Promise<VersionLifecycle[]> {
    return [...(await this.load()).values()];
  }

  // A failed reload keeps serving the last list it read, so a control database outage does not
  // turn every request into an error; with no list yet, the error reaches the caller.
  private async load(): Promise<Map<string, VersionLifecycle>> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.byVersion;
    try {
      const list = await this.source();
      this.cached = { byVersion: new Map(list.map((entry) => [entry.version, entry])), until: Date.now() + CACHE_MS };
    } catch (error) {
      if (!this.cached) throw error;
      log.error({ err: error }, 'reading the API version registry failed; serving the last list read');
      this.cached.until = Date.now() + CACHE_MS;
    }
    return this.cached.byVersion;
  }
}
