// A certificate for 127.0.0.1 that the tests make and trust: openssl writes a self-signed
// one, and Node trusts it through NODE_EXTRA_CA_CERTS, which a process reads when it starts
// (so the test command's global setup makes it before any test process starts); Chromium is
// told to accept it (tests/e2e/browser.ts).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

export interface Certificate {
  cert: string;
  key: string;
}

const DIR = path.resolve(".test-artifacts", "tls");

/** The test certificate (made once per run; `fresh` makes it again). */
export function testCertificate(fresh = false): Certificate {
  const cert = path.join(DIR, "cert.pem");
  const key = path.join(DIR, "key.pem");
  if (fresh || !existsSync(cert) || !existsSync(key)) {
    mkdirSync(DIR, { recursive: true });
    try {
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert],
        { stdio: "pipe" },
      );
    } catch (err) {
      throw new Error(`could not make the test certificate (install openssl: apt-get install -y openssl): ${(err as Error).message}`);
    }
  }
  return { cert, key };
}

/** For a global setup: make the certificate and have every test process started after it trust it. */
export function trustTestCertificate(): Certificate {
  const made = testCertificate(true);
  process.env.NODE_EXTRA_CA_CERTS = made.cert;
  return made;
}
