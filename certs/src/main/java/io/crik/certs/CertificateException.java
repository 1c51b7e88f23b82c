package io.crik.certs;

/** Failure to create, sign, encode or decode a certificate or key. */
public class CertificateException extends RuntimeException {

  public CertificateException(String message) {
    super(message);
  }

  public CertificateException(String message, Throwable cause) {
    super(message, cause);
  }
}
