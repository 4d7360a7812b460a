package io.runstore.server.pagetoken;

import io.runstore.query.listing.PageTokenKeys;
import org.jooq.DSLContext;
import org.springframework.dao.DuplicateKeyException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.runstore.readtables.schema.Tables.PAGE_TOKEN_KEY;

/**
 * The page-token keys every query replica shares, from the {@code page_token_key} table: the newest signs, the one
 * before it is still accepted (a rotation inserts a newer row). On the first start on a database the table is empty
 * and this process adds the row {@code initial} with a random secret; a replica racing it loses on the primary key
 * and reads the winner's. Reloaded at most every {@code reload}, so a rotation reaches every replica within it.
 */
public final class DatabasePageTokenKeys implements PageTokenKeys {

    static final String INITIAL = "initial";

    private final DSLContext dsl;
    private final Duration reload;
    private final Clock clock;
    private volatile List<byte[]> keys;
    private volatile long loadedAt;

    public DatabasePageTokenKeys(DSLContext dsl, Duration reload, Clock clock) {
        this.dsl = dsl;
        this.reload = reload;
        this.clock = clock;
    }

    /** The keys, loaded on first use (after the schemas are checked) and again once {@code reload} has passed. */
    @Override
    public List<byte[]> current() {
        if (keys == null || clock.millis() - loadedAt >= reload.toMillis()) {
            keys = load();
            loadedAt = clock.millis();
        }
        return keys;
    }

    private List<byte[]> load() {
        List<String> secrets = newestTwo();
        if (secrets.isEmpty()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            try {
                dsl.insertInto(PAGE_TOKEN_KEY)
                        .set(PAGE_TOKEN_KEY.KEY_ID, INITIAL)
                        .set(PAGE_TOKEN_KEY.SECRET, Base64.getEncoder().encodeToString(secret))
                        .set(PAGE_TOKEN_KEY.CREATED_AT, clock.millis())
                        .execute();
            } catch (DuplicateKeyException | org.jooq.exception.IntegrityConstraintViolationException e) {
                // another replica added it first: use theirs
            }
            secrets = newestTwo();
        }
        return secrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private List<String> newestTwo() {
        return dsl.select(PAGE_TOKEN_KEY.SECRET).from(PAGE_TOKEN_KEY)
                .orderBy(PAGE_TOKEN_KEY.CREATED_AT.desc(), PAGE_TOKEN_KEY.KEY_ID.desc())
                .limit(2)
                .fetch(PAGE_TOKEN_KEY.SECRET);
    }
}
