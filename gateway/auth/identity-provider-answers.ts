/**
 * Bounds on what an external identity provider's answers may cost us: its discovery metadata, its token responses
 * and its JWKS are read whole, and a broken or hostile provider must not make the gateway buffer without limit (the
 * same rule platform answers follow with `maxResponseBytes`). A JWKS with a hundred keys is about 50 kB.
 */
import { customFetch, errors, type RemoteJWKSetOptions } from 'jose';

/** Largest identity-provider answer read, in bytes. */
export const IDENTITY_PROVIDER_MAX_BYTES = 1024 * 1024;

type FetchImplementation = NonNullable<RemoteJWKSetOptions[typeof customFetch]>;

function tooLarge(url: string): InstanceType<typeof errors.JWKSInvalid> {
  return new errors.JWKSInvalid(`the JWKS at ${url} is larger than ${IDENTITY_PROVIDER_MAX_BYTES} bytes`);
}

/**
 * jose's remote-JWKS fetch with the answer bounded: refused by its Content-Length, or cut off while streaming when it
 * has none. A refusal is jose's ERR_JWKS_INVALID, which the token verifier answers as 503 ERR_AUTH_UNAVAILABLE.
 */
export const boundedJwksFetch: FetchImplementation = async (url, options) => {
  // `options.signal` is jose's timeout (timeoutDuration): passed on whole, it bounds the body's reading too.
  const response = await fetch(url, options);
  if (Number(response.headers.get('content-length')) > IDENTITY_PROVIDER_MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge(url);
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    length += chunk.value.byteLength;
    if (length > IDENTITY_PROVIDER_MAX_BYTES) {
      await reader?.cancel();
      throw tooLarge(url);
    }
    chunks.push(chunk.value);
  }
  return new Response(Buffer.concat(chunks, length), { status: response.status, statusText: response.statusText, headers: response.headers });
};
