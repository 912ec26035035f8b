import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { gateway } from '../integration/gateway/helpers.ts';

const run = promisify(execFile);
const RULESET = path.resolve('test/security/spectral-ruleset.yaml');

interface SpectralResult {
  code: string;
  message: string;
  severity: number;
  path: string[];
}

// Lints a copy of each served document with Spectral's OpenAPI rules and the OWASP API security
// rules. Severity 0 is an error in Spectral's output; warnings are printed but do not fail.
describe('OpenAPI documents under Spectral', function () {
  this.timeout(120_000);
  let folder: string;

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'throughline-openapi-'));
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  for (const version of ['v1', 'v2']) {
    it(`passes for ${version}`, async () => {
      const document = await request(gateway()).get(`/${version}/openapi.json`).expect(200);
      const file = path.join(folder, `${version}.json`);
      await writeFile(file, JSON.stringify(document.body, null, 2));

      // Spectral exits non-zero when it finds errors, so the output is read either way.
      const output = await run('npx', ['spectral', 'lint', '--quiet', '--format', 'json', '--ruleset', RULESET, file], { maxBuffer: 64 * 1024 * 1024 })
        .catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
      const results = JSON.parse(output.stdout || '[]') as SpectralResult[];
      const errors = results.filter((result) => result.severity === 0).map((result) => `${result.code} at ${result.path.join('.')}: ${result.message}`);
      assert.deepEqual(errors, [], `Spectral found errors in the ${version} document:\n${errors.join('\n')}`);
    });
  }
});
