import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadPacks } from '../../../services/rules/index.ts';
import { DEFAULT_PACK_DIR } from '../../../services/rules/pack-files.ts';

function copyPack(dir: string, file: string, edit: (pack: Record<string, unknown>) => void = () => {}): void {
  const pack = JSON.parse(readFileSync(join(DEFAULT_PACK_DIR, file), 'utf8')) as Record<string, unknown>;
  edit(pack);
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(pack));
}

describe('rule pack checks', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rule-packs-'));
    copyPack(dir, 'reference/regions.json');
    copyPack(dir, 'eu/eu-vat-rules.json');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the shipped packs', () => {
    assert.deepEqual(loadPacks().problems, []);
  });

  it('reports a bad rate with its JSON path', () => {
    copyPack(dir, 'eu/de.json', (pack) => {
      (pack.rates as { rate: string }[])[1]!.rate = '19%';
    });
    const { problems } = loadPacks(dir);

    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, join('eu', 'de.json'));
    assert.equal(problems[0]!.path, '$.rates[1].rate');
  });

  it('reports an unknown property', () => {
    copyPack(dir, 'eu/de.json', (pack) => {
      pack.effectiveFrom = '2020-01-01';
    });
    const { problems } = loadPacks(dir);

    assert.equal(problems[0]!.path, '$');
    assert.match(problems[0]!.message, /unknown property "effectiveFrom"/);
  });

  it('reports overlapping rate periods', () => {
    copyPack(dir, 'eu/de.json', (pack) => {
      (pack.rates as { effectiveTo?: string }[])[0]!.effectiveTo = '2020-07-01';
    });
    const { problems } = loadPacks(dir);

    assert.equal(problems[0]!.path, '$.rates[1]');
    assert.match(problems[0]!.message, /overlaps/);
  });

  it('reports a missing rule set', () => {
    copyPack(dir, 'eu/de.json', (pack) => {
      pack.ruleSet = 'eu-vat-2';
    });
    const { problems } = loadPacks(dir);

    assert.equal(problems[0]!.path, '$.ruleSet');
  });

  it('reports invalid JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "kind": ');
    const { problems } = loadPacks(dir);

    assert.equal(problems[0]!.file, 'broken.json');
    assert.match(problems[0]!.message, /invalid JSON/);
  });
});
