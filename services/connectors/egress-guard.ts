import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { config } from '../core/config.ts';

// The egress guard: every outbound connector call resolves its host here, and the call is refused
// when any address falls outside public unicast space. Private, loopback, link-local, carrier-grade
// NAT, multicast, reserved and cloud metadata addresses could reach the platform's own network,
// so a tenant's connector must never point at them. The guard also runs as the socket's lookup
// function, so the address the socket connects to is the one that was checked, and a DNS answer
// that changes between check and connect cannot slip through.

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface EgressPolicy {
  // Development and tests call simulators on 127.0.0.1, so they allow loopback and nothing else.
  allowLoopback: boolean;
  // Tests pass a stub so that no name is resolved over the network.
  resolve: Resolver;
}

// Instance metadata services: AWS, GCP and Azure (169.254.169.254), AWS over IPv6, Alibaba
// Cloud and Oracle Cloud. Each already falls in a rejected range; naming them makes the reason
// in the error plain.
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192', '169.254.170.2']);
const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

export class EgressRejectedError extends Error {
  readonly hostname: string;

  constructor(hostname: string, reason: string) {
    super(`Outbound call to ${hostname} rejected by the egress guard: ${reason}. Point the connector at a public address, or allow the range in the deployment's egress settings.`);
    this.name = 'EgressRejectedError';
    this.hostname = hostname;
  }
}

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

// One policy object per setting, so that calls under the deployment's policy share connections.
const deploymentPolicies = new Map<boolean, EgressPolicy>();

export function defaultEgressPolicy(): EgressPolicy {
  const allowLoopback = config().egressAllowLoopback;
  let policy = deploymentPolicies.get(allowLoopback);
  if (!policy) {
    policy = { allowLoopback, resolve: systemResolver };
    deploymentPolicies.set(allowLoopback, policy);
  }
  return policy;
}

// Returns why an address may not be called, or undefined when it may.
export function rejectionReason(address: string, policy: Pick<EgressPolicy, 'allowLoopback'>): string | undefined {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(address);
  // An IPv4 address written in IPv6 form (::ffff:10.0.0.1) reaches the IPv4 host, so it is judged as one.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();

  const normalized = parsed.toString();
  if (METADATA_ADDRESSES.has(normalized)) return `${normalized} is a cloud metadata address`;
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return `${normalized} is in the ${range} range`;
}

// Resolves the host and returns its addresses when every one may be called; throws otherwise.
// All addresses are checked, not just the first, because the socket may try any of them.
export async function resolveAllowed(hostname: string, policy: EgressPolicy): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (METADATA_HOSTNAMES.has(bare.toLowerCase().replace(/\.$/, ''))) throw new EgressRejectedError(hostname, `${bare} is a cloud metadata host name`);

  const addresses = ipaddr.isValid(bare)
    ? [{ address: bare, family: bare.includes(':') ? 6 : 4 }]
    : await policy.resolve(bare);
  if (addresses.length === 0) throw new EgressRejectedError(hostname, 'the name resolved to no address');

  for (const { address } of addresses) {
    const reason = rejectionReason(address, policy);
    if (reason) throw new EgressRejectedError(hostname, reason);
  }
  return addresses;
}

// A lookup function for node:http that resolves through the guard, so the checked address is the
// one the socket connects to.
export function guardedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, policy).then(
      (addresses) => {
        const matching = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (options.all) {
          callback(null, matching);
          return;
        }
        const [first] = matching;
        if (!first) callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
