package io.runstore.query.listing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HMAC-SHA256 signatures of page tokens, with one {@link Mac} per thread: {@code Mac.getInstance} looks the algorithm
 * up among the security providers on every call, and a {@code Mac} is not thread-safe. A thread's {@code Mac} stays
 * initialized with the last key it signed with (tokens are signed with one key but for the days of a rotation), so
 * most signatures are only its {@code doFinal}.
 */
final class TokenSignatures {

    private static final String ALGORITHM = "HmacSHA256";
    private static final ThreadLocal<KeyedMac> MACS = ThreadLocal.withInitial(KeyedMac::new);

    private TokenSignatures() {
    }

    /** The first {@code length} bytes of the payload's HMAC-SHA256 with {@code key}. */
    static byte[] sign(byte[] key, byte[] payload, int length) {
        return Arrays.copyOf(MACS.get().initializedWith(key).doFinal(payload), length);
    }

    private static final class KeyedMac {

        private final Mac mac;
        private byte[] key;

        KeyedMac() {
            try {
                mac = Mac.getInstance(ALGORITHM);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " unavailable", e);
            }
        }

        Mac initializedWith(byte[] wanted) {
            if (!Arrays.equals(key, wanted)) {
                try {
                    mac.init(new SecretKeySpec(wanted, ALGORITHM));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(ALGORITHM + " refused the page-token key", e);
                }
                key = wanted.clone();
            }
            return mac;
        }
    }
}
