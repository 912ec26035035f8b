import { createPublicKey, verify } from 'node:crypto';

// Ironclad's webhook signature: the X-Ironclad-Webhook-Verification header is a JSON object
// {nonce, signAlgorithm, signature, encoding}, and the signature covers the event id (from
// X-Ironclad-Webhook-Event-Id), then the raw body, then the nonce, signed with the CLM's RSA key.

export interface IroncladDelivery {
  eventId: string;
  verificationHeader: string;
  rawBody: Buffer;
}

interface VerificationHeader {
  nonce: string;
  signAlgorithm: string;
  signature: string;
  encoding: string;
}

function parseHeader(value: string): VerificationHeader | undefined {
  try {
    const parsed = JSON.parse(value) as Partial<VerificationHeader>;
    const fields = [parsed.nonce, parsed.signAlgorithm, parsed.signature, parsed.encoding];
    if (fields.every((field) => typeof field === 'string' && field !== '')) return parsed as VerificationHeader;
  } catch {
    // Not JSON: the caller treats it like any other failed verification.
  }
  return undefined;
}

// Returns the reason verification failed, or undefined when the signature is valid. The reason is
// for the log only, because callers respond to every failure the same way.
export function checkIroncladSignature(delivery: IroncladDelivery, publicKeyPem: string): string | undefined {
  const header = parseHeader(delivery.verificationHeader);
  if (!header) return 'verification header is not a JSON object with nonce, signAlgorithm, signature and encoding';
  if (header.signAlgorithm !== 'RSA-SHA256') return `unsupported signAlgorithm ${JSON.stringify(header.signAlgorithm)}`;
  if (header.encoding !== 'base64') return `unsupported signature encoding ${JSON.stringify(header.encoding)}`;

  // Concatenating bytes, not decoded text, keeps the check exact even for a body that is not valid UTF-8.
  const signed = Buffer.concat([Buffer.from(delivery.eventId, 'utf8'), delivery.rawBody, Buffer.from(header.nonce, 'utf8')]);
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'rsa') return `connector key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`;
    return verify('sha256', signed, key, Buffer.from(header.signature, 'base64')) ? undefined : 'signature does not match';
  } catch (error) {
    return `signature check failed: ${(error as Error).message}`;
  }
}
