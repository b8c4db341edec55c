/**
 * `npm run hash-secret -- SECRET` (or the secret on standard input): prints the scrypt hash to put in a client's
 * `secretHash`. The secret itself never goes into configuration.
 */
import { hashSecret } from '../gateway/auth/client-secrets';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.trim();
}

async function main(): Promise<void> {
  const secret = process.argv[2] ?? (await readStdin());
  if (secret.length < 16) {
    console.error('a client secret needs at least 16 characters');
    process.exitCode = 1;
    return;
  }
  console.log(await hashSecret(secret));
}

void main();
