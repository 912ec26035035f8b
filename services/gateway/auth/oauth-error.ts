// A token endpoint error in the form RFC 6749 section 5.2 fixes: a registered error code and a
// description that is safe to show the client. These are not problem details, because OAuth
// clients parse the {error, error_description} body.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: 400 | 401;
  // Logged, never sent: why the request failed in terms an operator can act on.
  readonly internalReason: string;

  constructor(error: OAuthErrorCode, description: string, internalReason = description) {
    super(description);
    this.name = 'OAuthError';
    this.error = error;
    this.status = error === 'invalid_client' ? 401 : 400;
    this.internalReason = internalReason;
  }
}
