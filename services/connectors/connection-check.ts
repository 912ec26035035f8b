// The connection test every driver offers: one harmless read with the connector's stored
// credentials, through the same egress guard and authentication as a workflow step. It returns
// what the outside system accepted and throws the driver's ConnectorError when it failed.

export interface ConnectionCheck {
  checkConnection(): Promise<string>;
}

// An id that no record has. A driver reads it and expects nothing back, so the read proves the
// credentials work without touching real data.
export const PROBE_ID = 'throughline-connection-check';
