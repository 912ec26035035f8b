import { OAuthError } from './oauth-error.ts';

export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export type ClientCredentials =
  | { clientId: string; secret: string; method: 'client_secret_basic' | 'client_secret_post' }
  | { clientId: string; assertion: string; method: 'private_key_jwt' };

// RFC 7523 section 2.2: the client authenticates with a JWT it signed with its private key.
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

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

// The client id of an assertion is its iss and sub claims; client_id in the form is optional but
// must match them when present. The signature is checked later, against the client's own keys.
function fromAssertion(form: Record<string, string>): ClientCredentials {
  if (form.client_assertion_type !== JWT_BEARER_ASSERTION) {
    throw new OAuthError('invalid_request', `client_assertion_type must be ${JWT_BEARER_ASSERTION}.`);
  }
  const assertion = form.client_assertion ?? '';
  let subject: unknown;
  try {
    subject = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')).sub;
  } catch {
    subject = undefined;
  }
  if (typeof subject !== 'string' || subject === '') throw new OAuthError('invalid_client', 'Client authentication failed.', 'client assertion is not a JWT with a sub claim');
  if (form.client_id !== undefined && form.client_id !== subject) {
    throw new OAuthError('invalid_request', 'The client_id in the body does not match the subject of the client assertion.');
  }
  return { clientId: subject, assertion, method: 'private_key_jwt' };
}

// Reads the client's credentials from the Authorization header (client_secret_basic), the form
// (client_secret_post) or a signed assertion (private_key_jwt). RFC 6749 section 2.3 forbids
// using more than one method in a request.
export function readClientCredentials(authorization: string | undefined, form: Record<string, string>): ClientCredentials {
  const basic = authorization?.toLowerCase().startsWith('basic ') ? authorization : undefined;
  const posted = form.client_secret !== undefined;
  const asserted = form.client_assertion !== undefined || form.client_assertion_type !== undefined;

  if ([basic, posted, asserted].filter(Boolean).length > 1) {
    throw new OAuthError('invalid_request', 'Use one client authentication method: the Authorization header, client_secret in the body or a client assertion, not several.');
  }
  if (asserted) return fromAssertion(form);
  if (basic) {
    const credentials = fromBasicHeader(basic);
    if (form.client_id !== undefined && form.client_id !== credentials.clientId) {
      throw new OAuthError('invalid_request', 'The client_id in the body does not match the client in the Authorization header.');
    }
    return credentials;
  }
  if (posted && form.client_id) return { clientId: form.client_id, secret: form.client_secret ?? '', method: 'client_secret_post' };

  throw new OAuthError('invalid_client', 'Client authentication failed: send the client id and secret with HTTP Basic or as client_id and client_secret in the body, or a private_key_jwt client assertion.', 'no client credentials in the request');
}
