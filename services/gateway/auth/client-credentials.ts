import { OAuthError } from './oauth-error.ts';

export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post';

export interface ClientCredentials {
  clientId: string;
  secret: string;
  method: ClientAuthenticationMethod;
}

// RFC 6749 section 2.3.1 form-encodes the id and secret before joining them for Basic, so a
// colon or a non-ASCII character inside either survives the round trip.
function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}

function fromBasicHeader(header: string): ClientCredentials {
  const encoded = header.slice('basic '.length).trim();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) throw new OAuthError('invalid_client', 'Client authentication failed.', 'Basic credentials have no colon between id and secret');
  try {
    return { clientId: formDecode(decoded.slice(0, separator)), secret: formDecode(decoded.slice(separator + 1)), method: 'client_secret_basic' };
  } catch {
    throw new OAuthError('invalid_client', 'Client authentication failed.', 'Basic credentials are not valid form encoding');
  }
}

// Reads the client's id and secret from the Authorization header (client_secret_basic) or the form
// (client_secret_post). RFC 6749 section 2.3 forbids using both in one request.
export function readClientCredentials(authorization: string | undefined, form: Record<string, string>): ClientCredentials {
  const basic = authorization?.toLowerCase().startsWith('basic ') ? authorization : undefined;
  const posted = form.client_secret !== undefined;

  if (basic && posted) {
    throw new OAuthError('invalid_request', 'Use one client authentication method: the Authorization header or client_secret in the body, not both.');
  }
  if (basic) {
    const credentials = fromBasicHeader(basic);
    if (form.client_id !== undefined && form.client_id !== credentials.clientId) {
      throw new OAuthError('invalid_request', 'The client_id in the body does not match the client in the Authorization header.');
    }
    return credentials;
  }
  if (posted && form.client_id) return { clientId: form.client_id, secret: form.client_secret ?? '', method: 'client_secret_post' };

  throw new OAuthError('invalid_client', 'Client authentication failed: send the client id and secret with HTTP Basic or as client_id and client_secret in the body.', 'no client credentials in the request');
}
