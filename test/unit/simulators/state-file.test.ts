import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateFile } from '../../../services/simulators/shared/state-file.ts';

describe('simulator state file', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'state-file-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads back what it saved', () => {
    const path = join(directory, 'nested', 'erp.json');
    new StateFile<{ records: number[] }>(path).save(() => ({ records: [1, 2] }));

    assert.deepEqual(new StateFile<{ records: number[] }>(path).load(), { records: [1, 2] });
  });

  it('builds no state without a path', () => {
    let built = 0;
    const file = new StateFile<{ records: number[] }>(undefined);
    file.save(() => {
      built += 1;
      return { records: [] };
    });

    assert.equal(built, 0);
    assert.equal(file.load(), undefined);
  });
});
