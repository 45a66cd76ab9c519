import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { ValidationError } from '../errors.js';
import { bin, der } from './asn1.js';
import { identityFrom } from './seal-certificate.js';
import type { SealIdentity } from './seal-certificate.js';

/**
 * Reads a password-protected .p12 from a trust service provider (RSA or EC)
 * with forge. forge parses RSA keys and certificates itself and hands back
 * the raw ASN.1 of anything else (EC), which node:crypto then reads.
 */
export function importSealP12(p12: Uint8Array, password: string): SealIdentity {
  const pfx = readPfx(p12, password);
  const keys: KeyObject[] = [];
  const certs: X509Certificate[] = [];
  for (const safe of pfx.safeContents) {
    for (const bag of safe.safeBags) {
      if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
        keys.push(keyFromBag(bag));
      } else if (bag.type === forge.pki.oids.certBag) {
        const node = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        certs.push(new X509Certificate(der(node)));
      }
    }
  }
  const key = keys[0];
  if (key === undefined || keys.length > 1) {
    throw new ValidationError(`The .p12 file must hold exactly one private key; it holds ${keys.length}. Export the seal key alone.`);
  }
  const sealCert = certs.find((cert) => cert.checkPrivateKey(key));
  if (sealCert === undefined) {
    throw new ValidationError('The .p12 file holds no certificate for its private key. Export the key together with its certificate.');
  }
  const chain = orderChain(sealCert, certs.filter((cert) => cert !== sealCert));
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return identityFrom(sealCert.toString(), chain.map((cert) => cert.toString()), keyPem);
}

function readPfx(p12: Uint8Array, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(bin(p12));
  } catch {
    throw new ValidationError('This file is not a PKCS#12 (.p12/.pfx) file. Export the seal from your provider as .p12.');
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/password|mac|decrypt/i.test(message)) {
      throw new ValidationError('The password for this .p12 file is wrong. Enter the password you chose when exporting it.');
    }
    throw new ValidationError(`The .p12 file could not be read (${message}). Export it again with AES-256 or 3DES encryption.`);
  }
}

function keyFromBag(bag: forge.pkcs12.Bag): KeyObject {
  // forge decrypts the shrouded bag; an RSA key comes back parsed, others as PrivateKeyInfo ASN.1.
  const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  try {
    return createPrivateKey({ key: der(info), format: 'der', type: 'pkcs8' });
  } catch {
    throw new ValidationError('The private key in the .p12 file could not be read. Only RSA and EC seal keys are supported.');
  }
}

/** Issuers nearest first, following issuer links; certificates not in the chain are dropped. */
function orderChain(leaf: X509Certificate, others: X509Certificate[]): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current = leaf;
  while (chain.length < others.length) {
    const issuer = others.find((cert) => !chain.includes(cert) && cert !== current && current.checkIssued(cert));
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
