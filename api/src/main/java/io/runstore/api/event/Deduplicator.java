package io.runstore.api.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For consumers of runstore's Kafka topic: drops the copies of events it may deliver (a publisher that crashed
 * between Kafka's acknowledgement and storing its position sends the last events again), by event id, inside the
 * consumer's own database transaction, so that "applied" and "seen" commit or roll back together.
 * <pre>{@code
 * Deduplicator seen = new Deduplicator("billing");          // one name per consuming application
 * seen.createTable(connection);                             // once (or Deduplicator.ddl() in your migrations)
 * for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
 *     connection.setAutoCommit(false);
 *     if (seen.firstTime(connection, record.partition(), header(record, EventHeaders.EVENT_ID),
 *             Long.parseLong(header(record, EventHeaders.POSITION)))) {
 *         apply(connection, record.key(), PublicEventJson.read(record.value()));  // your writes
 *     }
 *     connection.commit();                                  // the event's effect and its id, or neither
 * }
 * consumer.commitSync();
 * }</pre>
 * The table ({@value #TABLE}) stays small: per consumer and partition it keeps the ids of the events of the last
 * {@code retain} positions it has seen, and a floor below which every event is a copy. That is exact because the
 * publisher writes each partition in position order and only ever sends copies of events it had sent before: an event
 * whose position is below one already seen in its partition has been seen. A copy is at most one publisher batch
 * behind the newest event, far less than {@code retain}. PostgreSQL and MySQL/MariaDB; other databases with
 * savepoints.
 */
public final class Deduplicator {

    /** The table the consumer's database needs ({@link #ddl()}). */
    public static final String TABLE = "runstore_consumed_event";

    private static final String FLOOR = "floor:";

    private final String consumer;
    private final long retain;
    private final int pruneEvery;
    private final Map<Integer, Integer> sincePrune = new ConcurrentHashMap<>();

    /** A consumer that keeps the last 100,000 positions' ids per partition and prunes every 1,000 events. */
    public Deduplicator(String consumer) {
        this(consumer, 100_000, 1_000);
    }

    /**
     * @param consumer   the consuming application's name (consumers of one group share it; others need their own)
     * @param retain     how many positions below the newest seen in a partition keep their event ids; at least the
     *                   publisher's batch size
     * @param pruneEvery prune a partition's old ids after this many new events of it
     */
    public Deduplicator(String consumer, long retain, int pruneEvery) {
        if (consumer == null || consumer.isEmpty() || consumer.length() > 200) {
            throw new IllegalArgumentException("A consumer name has 1 to 200 characters");
        }
        if (retain < 1 || pruneEvery < 1) {
            throw new IllegalArgumentException("retain and pruneEvery are positive");
        }
        this.consumer = consumer;
        this.retain = retain;
        this.pruneEvery = pruneEvery;
    }

    /** The table's DDL (PostgreSQL and MySQL/MariaDB alike): for a consumer's own migrations. */
    public static String[] ddl() {
        return new String[]{
                "CREATE TABLE " + TABLE + " (consumer VARCHAR(200) NOT NULL, event_id VARCHAR(100) NOT NULL,"
                        + " kafka_partition INT NOT NULL, position BIGINT NOT NULL,"
                        + " CONSTRAINT pk_" + TABLE + " PRIMARY KEY (consumer, event_id))",
                "CREATE INDEX ix_" + TABLE + "_partition ON " + TABLE + " (consumer, kafka_partition, position)"};
    }

    /** Creates the table unless it exists. */
    public static void createTable(Connection connection) throws SQLException {
        String name = connection.getMetaData().storesUpperCaseIdentifiers() ? TABLE.toUpperCase(Locale.ROOT) : TABLE;
        try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, name, null)) {
            if (tables.next()) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String ddl : ddl()) {
                statement.execute(ddl);
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * Records the event as seen in the caller's transaction; false when it had been seen (a copy: skip it). Call it
     * in the transaction that applies the event, before applying it: if that transaction rolls back, the event
     * counts as not seen. Two consumers given the same event at once: the second waits for the first's transaction
     * and gets false if it committed.
     *
     * @param partition the record's partition
     * @param eventId   its {@link EventHeaders#EVENT_ID} header
     * @param position  its {@link EventHeaders#POSITION} header
     */
    public boolean firstTime(Connection connection, int partition, String eventId, long position)
            throws SQLException {
        if (position <= floor(connection, partition)) {
            return false;
        }
        if (!insert(connection, eventId, partition, position)) {
            return false;
        }
        if (sincePrune.merge(partition, 1, Integer::sum) >= pruneEvery) {
            sincePrune.put(partition, 0);
            prune(connection, partition, position - retain);
        }
        return true;
    }

    private long floor(Connection connection, int partition) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT position FROM " + TABLE + " WHERE consumer = ? AND event_id = ?")) {
            select.setString(1, consumer);
            select.setString(2, FLOOR + partition);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** Forgets the partition's ids below {@code cutoff}; every event below it counts as a copy from then on. */
    private void prune(Connection connection, int partition, long cutoff) throws SQLException {
        if (cutoff <= 1) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE
                + " WHERE consumer = ? AND kafka_partition = ? AND position < ? AND event_id <> ?")) {
            delete.setString(1, consumer);
            delete.setInt(2, partition);
            delete.setLong(3, cutoff);
            delete.setString(4, FLOOR + partition);
            delete.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                + " SET position = ? WHERE consumer = ? AND event_id = ? AND position < ?")) {
            update.setLong(1, cutoff - 1);
            update.setString(2, consumer);
            update.setString(3, FLOOR + partition);
            update.setLong(4, cutoff - 1);
            if (update.executeUpdate() == 0) {
                insert(connection, FLOOR + partition, partition, cutoff - 1);
            }
        }
    }

    /** Inserts the row unless one with that id exists, without aborting the caller's transaction; true if new. */
    private boolean insert(Connection connection, String eventId, int partition, long position) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String values = " (consumer, event_id, kafka_partition, position) VALUES (?, ?, ?, ?)";
        if (product.contains("postgres")) {
            return insert(connection, "INSERT INTO " + TABLE + values + " ON CONFLICT DO NOTHING", eventId, partition,
                    position);
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return insert(connection, "INSERT IGNORE INTO " + TABLE + values, eventId, partition, position);
        }
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            return insert(connection, "INSERT INTO " + TABLE + values, eventId, partition, position);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            return false;
        }
    }

    private boolean insert(Connection connection, String sql, String eventId, int partition, long position)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            insert.setInt(3, partition);
            insert.setLong(4, position);
            return insert.executeUpdate() == 1;
        }
    }
}
