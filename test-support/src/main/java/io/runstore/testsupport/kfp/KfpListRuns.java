package io.runstore.testsupport.kfp;

import io.runstore.testsupport.listruns.ListRunsImplementation;
import io.runstore.testsupport.listruns.ListRunsPage;
import io.runstore.testsupport.listruns.ListRunsRequest;
import io.runstore.testsupport.listruns.PageStart;
import io.runstore.testsupport.listruns.RunPosition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * KFP's ListRuns as {@code RunStore.ListRuns} runs it: in one transaction, the page statement (every column of every
 * row read, as KFP scans them into its model) and then the COUNT(*) for total_size; the extra row the page statement
 * returns becomes the next page token.
 */
public final class KfpListRuns implements ListRunsImplementation {

    /** Which of KFP's ListRuns statements to run. */
    public enum Variant {
        ORIGINAL("KFP 2.x"),
        POSTGRES_PORT("KFP #12379");

        public final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private final DataSource dataSource;
    private final KfpSql sql;
    private final Variant variant;

    public KfpListRuns(DataSource dataSource, KfpSql sql, Variant variant) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.variant = variant;
    }

    @Override
    public String name() {
        return variant.label;
    }

    @Override
    public ListRunsPage list(ListRunsRequest request) throws SQLException {
        BoundSql page = variant == Variant.ORIGINAL ? sql.originalListRuns(request) : sql.portListRuns(request);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long[] characters = {0};
                List<RunPosition> rows = readPage(connection, page, characters);
                long totalSize = count(connection, sql.countRuns(request));
                connection.commit();
                int size = request.pageSize();
                List<String> ids = rows.stream().limit(size).map(RunPosition::runId).toList();
                PageStart next = rows.size() > size ? new PageStart.FirstRun(rows.get(size)) : null;
                return new ListRunsPage(ids, totalSize, next, OptionalLong.of(characters[0]));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<RunPosition> readPage(Connection connection, BoundSql page, long[] characters)
            throws SQLException {
        try (PreparedStatement statement = page.prepare(connection); ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData metaData = rows.getMetaData();
            int uuid = column(metaData, "UUID");
            int createdAt = column(metaData, "CreatedAtInSec");
            int displayName = column(metaData, "DisplayName");
            List<RunPosition> positions = new ArrayList<>();
            while (rows.next()) {
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    String value = rows.getString(i);
                    characters[0] += value == null ? 0 : value.length();
                }
                positions.add(new RunPosition(Instant.ofEpochSecond(rows.getLong(createdAt)),
                        rows.getString(displayName), rows.getString(uuid)));
            }
            return positions;
        }
    }

    private static long count(Connection connection, BoundSql count) throws SQLException {
        try (PreparedStatement statement = count.prepare(connection); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int column(ResultSetMetaData metaData, String label) throws SQLException {
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            if (metaData.getColumnLabel(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        throw new IllegalStateException("KFP's ListRuns returned no " + label + " column");
    }
}
