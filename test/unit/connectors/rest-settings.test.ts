import assert from 'node:assert/strict';
import { PermanentConnectorError } from '../../../services/connectors/errors.ts';
import { checkRestSettings, MAX_SETTINGS_LENGTH, readRestSettings, restOperationsFrom, type SettingsProblem } from '../../../services/connectors/generic/rest-settings.ts';
import { MAX_OPERATIONS, MAX_PATH_TEMPLATE_LENGTH, MAX_QUERY_PARAMETERS } from '../../../services/connectors/generic/rest-settings-schema.ts';

const valid = {
  operations: [
    { name: 'me', method: 'GET', pathTemplate: '/v1/me' },
    { name: 'findProject', method: 'GET', pathTemplate: '/v1/accounts/{accountId}/projects', query: { code: '{code}', state: 'open' }, responseMapping: 'items[0]' },
    { name: 'createProject', method: 'POST', pathTemplate: '/v1/projects' },
  ],
  checkOperation: 'me',
};

function withOperation(changes: Record<string, unknown>, index = 1) {
  const operations = valid.operations.map((operation, at) => (at === index ? { ...operation, ...changes } : operation));
  return { ...valid, operations };
}

function problemAt(problems: SettingsProblem[], path: string): SettingsProblem {
  const found = problems.find((problem) => problem.path === path);
  assert.ok(found, `expected a problem at ${path}, got ${JSON.stringify(problems)}`);
  return found;
}

describe('generic REST settings', () => {
  it('accepts valid settings', () => {
    assert.deepEqual(checkRestSettings(valid), []);
  });

  it('accepts settings without optional fields', () => {
    assert.deepEqual(checkRestSettings({ operations: [{ name: 'list', method: 'PATCH', pathTemplate: '/' }] }), []);
  });

  it('requires the operations list', () => {
    assert.equal(problemAt(checkRestSettings({}), '$.operations').message, 'is missing');
    assert.match(problemAt(checkRestSettings({ operations: [] }), '$.operations').message, /fewer than 1 items/);
    assert.match(problemAt(checkRestSettings([]), '$').message, /must be object/);
  });

  it('bounds the number of operations', () => {
    const operations = Array.from({ length: MAX_OPERATIONS + 1 }, (_unused, index) => ({ name: `op${index}`, method: 'GET', pathTemplate: '/x' }));
    assert.match(problemAt(checkRestSettings({ operations }), '$.operations').message, new RegExp(`more than ${MAX_OPERATIONS} items`));
  });

  it('names a missing operation field', () => {
    const problems = checkRestSettings({ operations: [{ name: 'me', method: 'GET' }] });
    assert.equal(problemAt(problems, '$.operations[0].pathTemplate').message, 'is missing');
  });

  it('rejects an unknown method', () => {
    for (const method of ['DELETE', 'get', 7]) {
      const problem = problemAt(checkRestSettings(withOperation({ method })), '$.operations[1].method');
      assert.equal(problem.message, 'must be one of "GET", "POST", "PUT", "PATCH"');
    }
  });

  it('rejects an invalid operation name', () => {
    for (const name of ['1st', 'has space', 'a'.repeat(65), '']) {
      const problem = problemAt(checkRestSettings(withOperation({ name })), '$.operations[1].name');
      assert.match(problem.message, /^must start with a letter/);
    }
  });

  it('rejects an invalid path template', () => {
    for (const pathTemplate of ['v1/me', '/v1/me?x=1', '/v1/me#top', '/v1/{account id}', '/v1/{', '/v1/}', '/v1/a b']) {
      const problem = problemAt(checkRestSettings(withOperation({ pathTemplate })), '$.operations[1].pathTemplate');
      assert.match(problem.message, /^must start with \/ and contain no spaces, \? or #/, pathTemplate);
    }
  });

  it('bounds the path template length', () => {
    const pathTemplate = `/${'a'.repeat(MAX_PATH_TEMPLATE_LENGTH)}`;
    const problem = problemAt(checkRestSettings(withOperation({ pathTemplate })), '$.operations[1].pathTemplate');
    assert.match(problem.message, new RegExp(`more than ${MAX_PATH_TEMPLATE_LENGTH} characters`));
  });

  it('checks query names and templates', () => {
    assert.match(problemAt(checkRestSettings(withOperation({ query: { code: '{code' } })), '$.operations[1].query.code').message, /placeholders as \{name\}/);
    assert.match(problemAt(checkRestSettings(withOperation({ query: { code: 5 } })), '$.operations[1].query.code').message, /must be string/);
    assert.equal(problemAt(checkRestSettings(withOperation({ query: { 'a b': 'x' } })), '$.operations[1].query.a b').message, 'is not a valid query parameter name');
  });

  it('bounds the number of query parameters', () => {
    const query = Object.fromEntries(Array.from({ length: MAX_QUERY_PARAMETERS + 1 }, (_unused, index) => [`p${index}`, 'x']));
    const problem = problemAt(checkRestSettings(withOperation({ query })), '$.operations[1].query');
    assert.match(problem.message, new RegExp(`more than ${MAX_QUERY_PARAMETERS} properties`));
  });

  it('names an unknown property', () => {
    const problem = problemAt(checkRestSettings(withOperation({ body: '{}' })), '$.operations[1].body');
    assert.equal(problem.message, 'is not a known property. Use only name, method, pathTemplate, query, responseMapping');
  });

  it('rejects a repeated operation name', () => {
    const problem = problemAt(checkRestSettings(withOperation({ name: 'me' }, 2)), '$.operations[2].name');
    assert.equal(problem.message, 'repeats "me", the name of $.operations[0]. Give each operation its own name');
  });

  it('rejects an invalid response mapping', () => {
    const problem = problemAt(checkRestSettings(withOperation({ responseMapping: 'items[' })), '$.operations[1].responseMapping');
    assert.match(problem.message, /^is not a valid JSONata expression: /);
  });

  it('requires a GET connection test operation', () => {
    assert.match(problemAt(checkRestSettings({ ...valid, checkOperation: 'missing' }), '$.checkOperation').message, /not a configured operation/);
    assert.match(problemAt(checkRestSettings({ ...valid, checkOperation: 'createProject' }), '$.checkOperation').message, /a POST operation\. Name a GET operation/);
  });

  it('bounds the total size', () => {
    const operations = Array.from({ length: MAX_OPERATIONS }, (_unused, index) => ({
      name: `op${index}`, method: 'GET', pathTemplate: `/${'a'.repeat(MAX_PATH_TEMPLATE_LENGTH - 1)}`,
    }));
    const problem = problemAt(checkRestSettings({ operations }), '$');
    assert.match(problem.message, new RegExp(`more than the maximum of ${MAX_SETTINGS_LENGTH}`));
  });

  it('raises every problem on read', () => {
    const invalid = { operations: [{ name: 'me', method: 'DELETE', pathTemplate: 'me' }] };
    assert.throws(() => readRestSettings(invalid, 'timesheets'), (error: Error) => {
      assert.ok(error instanceof PermanentConnectorError);
      assert.match(error.message, /^Connector timesheets has invalid generic REST settings: /);
      assert.match(error.message, /\$\.operations\[0\]\.method must be one of/);
      assert.match(error.message, /\$\.operations\[0\]\.pathTemplate must start with \//);
      return true;
    });
  });

  it('maps settings to driver operations', () => {
    const operations = restOperationsFrom(readRestSettings(valid, 'timesheets'));
    assert.deepEqual({ ...operations.findProject }, {
      method: 'GET', path: '/v1/accounts/{accountId}/projects', sendsBody: false, query: { code: '{code}', state: 'open' }, responseMapping: 'items[0]',
    });
    assert.equal(operations.createProject?.sendsBody, true);
    assert.equal(operations.constructor, undefined);
  });
});
