import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { EgressRejectedError, rejectionReason, resolveAllowed, type EgressPolicy } from '../../../services/connectors/egress-guard.ts';
import { PermanentConnectorError } from '../../../services/connectors/errors.ts';
import { requestJson } from '../../../services/connectors/http.ts';

// Every name here resolves through a stub, and every refused call must fail before a socket
// opens, so these tests send no traffic to any host.

const STUB_ZONE: Record<string, LookupAddress[]> = {
  'erp.example.com': [{ address: '93.184.216.34', family: 4 }],
  'intranet.example.com': [{ address: '10.1.2.3', family: 4 }],
  'mixed.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '192.168.1.10', family: 4 }],
  'rebind.example.com': [{ address: '169.254.169.254', family: 4 }],
  'aws6.example.com': [{ address: 'fd00:ec2::254', family: 6 }],
  'local.example.com': [{ address: '127.0.0.1', family: 4 }],
  'mapped.example.com': [{ address: '::ffff:10.0.0.8', family: 6 }],
  'empty.example.com': [],
};

function policy(allowLoopback: boolean, resolved: string[] = []): EgressPolicy {
  return {
    allowLoopback,
    resolve: async (hostname) => {
      resolved.push(hostname);
      const answer = STUB_ZONE[hostname];
      if (!answer) throw Object.assign(new Error(`stub zone has no ${hostname}`), { code: 'ENOTFOUND' });
      return answer;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the egress guard to reject the call');
}

describe('egress guard', () => {
  describe('address ranges', () => {
    const refused: [string, RegExp][] = [
      ['10.0.0.1', /private/],
      ['172.16.5.4', /private/],
      ['192.168.0.1', /private/],
      ['169.254.169.254', /cloud metadata/],
      ['169.254.10.10', /linkLocal/],
      ['100.100.100.200', /cloud metadata/],
      ['100.64.0.1', /carrierGradeNat/],
      ['0.0.0.0', /unspecified/],
      ['224.0.0.1', /multicast/],
      ['fe80::1', /linkLocal/],
      ['fc00::1', /uniqueLocal/],
      ['fd00:ec2::254', /cloud metadata/],
      ['::ffff:192.168.1.1', /private/],
      ['::', /unspecified/],
      ['127.0.0.1', /loopback/],
      ['::1', /loopback/],
    ];
    for (const [address, reason] of refused) {
      it(`refuses ${address}`, () => {
        assert.match(rejectionReason(address, { allowLoopback: false }) ?? '', reason);
      });
    }

    it('allows public unicast addresses', () => {
      assert.equal(rejectionReason('93.184.216.34', { allowLoopback: false }), undefined);
      assert.equal(rejectionReason('2606:2800:220:1:248:1893:25c8:1946', { allowLoopback: false }), undefined);
    });

    it('allows loopback only when the deployment does', () => {
      assert.equal(rejectionReason('127.0.0.1', { allowLoopback: true }), undefined);
      assert.equal(rejectionReason('::1', { allowLoopback: true }), undefined);
      assert.match(rejectionReason('10.0.0.1', { allowLoopback: true }) ?? '', /private/);
      assert.match(rejectionReason('169.254.169.254', { allowLoopback: true }) ?? '', /metadata/);
    });
  });

  describe('name resolution', () => {
    it('returns the addresses of a public name', async () => {
      assert.deepEqual(await resolveAllowed('erp.example.com', policy(false)), STUB_ZONE['erp.example.com']);
    });

    for (const [hostname, reason] of [
      ['intranet.example.com', /10\.1\.2\.3 is in the private range/],
      ['mixed.example.com', /192\.168\.1\.10 is in the private range/],
      ['rebind.example.com', /cloud metadata address/],
      ['aws6.example.com', /cloud metadata address/],
      ['mapped.example.com', /10\.0\.0\.8 is in the private range/],
      ['local.example.com', /loopback range/],
      ['empty.example.com', /resolved to no address/],
    ] as const) {
      it(`refuses ${hostname}`, async () => {
        const error = await rejection(resolveAllowed(hostname, policy(false)));
        assert.ok(error instanceof EgressRejectedError);
        assert.match(error.message, reason);
      });
    }

    it('refuses metadata host names without resolving them', async () => {
      const resolved: string[] = [];
      const error = await rejection(resolveAllowed('metadata.google.internal', policy(false, resolved)));
      assert.match(error.message, /cloud metadata host name/);
      assert.deepEqual(resolved, []);
    });

    it('checks IP literals without resolving them', async () => {
      const resolved: string[] = [];
      await rejection(resolveAllowed('[fe80::1]', policy(false, resolved)));
      assert.deepEqual(resolved, []);
    });
  });

  describe('connector calls', () => {
    for (const url of ['http://intranet.example.com/api', 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:10.0.0.1]/', 'http://rebind.example.com/']) {
      it(`refuses ${url} before connecting`, async () => {
        const error = await rejection(requestJson({ system: 'testsys', operation: 'probe', method: 'GET', url: new URL(url), egress: policy(false), timeoutMs: 500 }));
        assert.ok(error instanceof PermanentConnectorError);
        assert.equal(error.retryable, false);
        assert.match(error.message, /testsys probe failed: Outbound call to .* rejected by the egress guard/);
      });
    }

    it('refuses loopback when the deployment does not allow it', async () => {
      const error = await rejection(requestJson({ system: 'testsys', operation: 'probe', method: 'GET', url: new URL('http://127.0.0.1:9/'), egress: policy(false) }));
      assert.match(error.message, /127\.0\.0\.1 is in the loopback range/);
    });
  });
});
