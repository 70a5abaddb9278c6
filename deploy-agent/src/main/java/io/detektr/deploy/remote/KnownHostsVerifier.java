package io.detektr.deploy.remote;

import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies host keys against an OpenSSH known_hosts file and refuses unknown or changed keys,
 * remembering why, so that the connection error can name the fingerprint and how to trust it.
 * Nothing is ever added to the file.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
  private volatile Rejection rejection;

  /** Why a key was refused: changed or unknown, and the presented key type and fingerprint. */
  record Rejection(boolean changed, String key) {}

  KnownHostsVerifier(File knownHosts) throws IOException {
    super(knownHosts);
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    rejection = new Rejection(false, describe(key));
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejection = new Rejection(true, describe(key));
    return false;
  }

  /** Why the last key was refused, or null. */
  Rejection rejection() {
    return rejection;
  }

  static String describe(PublicKey key) {
    return KeyType.fromKey(key) + " " + sha256Fingerprint(key);
  }

  /** The fingerprint as OpenSSH prints it: {@code SHA256:<base64 without padding>}. */
  static String sha256Fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
