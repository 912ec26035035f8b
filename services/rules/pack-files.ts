import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkPackSchema } from './pack-schema.ts';
import type { RulePack } from './pack-types.ts';

export const DEFAULT_PACK_DIR = fileURLToPath(new URL('./packs/', import.meta.url));

export interface PackProblem {
  file: string;
  /** JSON path inside the file, or `$` for the whole file. */
  path: string;
  message: string;
}

export interface PackFile {
  /** Path relative to the pack folder, such as `eu/de.json`. */
  file: string;
  pack: RulePack;
}

function listJsonFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json'));
  return files.map((entry) => join(entry.parentPath, entry.name)).sort();
}

function parseJson(text: string): { data?: unknown; error?: string } {
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `invalid JSON: ${(error as Error).message}` };
  }
}

/** Reads every `*.json` file under `dir` and checks each against its schema; files with problems are left out of `packs`. */
export function readPackFiles(dir: string = DEFAULT_PACK_DIR): { packs: PackFile[]; problems: PackProblem[] } {
  const packs: PackFile[] = [];
  const problems: PackProblem[] = [];

  for (const absolute of listJsonFiles(dir)) {
    const file = relative(dir, absolute);
    const { data, error } = parseJson(readFileSync(absolute, 'utf8'));
    if (error !== undefined) {
      problems.push({ file, path: '$', message: error });
      continue;
    }

    if ((data as { kind?: unknown } | null)?.kind === 'tenant-override') {
      problems.push({ file, path: '$.kind', message: 'a tenant override belongs in the tenant\'s region database, not under packs/; save it as a draft override instead' });
      continue;
    }
    const schemaProblems = checkPackSchema(data);
    problems.push(...schemaProblems.map((problem) => ({ file, ...problem })));
    if (schemaProblems.length === 0) packs.push({ file, pack: data as RulePack });
  }

  return { packs, problems };
}
