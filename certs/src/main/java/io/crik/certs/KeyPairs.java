package io.crik.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Generates the ECDSA P-256 key pairs used for the CA and for serving certificates. */
final class KeyPairs {

  private KeyPairs() {}

  static KeyPair generateP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CertificateException("failed to generate an ECDSA P-256 key pair", e);
    }
  }
}
