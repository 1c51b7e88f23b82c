package io.crik.webhook.tls;

/** A self-managed TLS Secret whose content cannot be read. The message never contains key material. */
public class InvalidTlsSecretException extends RuntimeException {

  public InvalidTlsSecretException(String secret, String key, String reason) {
    super("Secret " + secret + ", key " + key + ": " + reason);
  }
}
