package io.runstore.bench.listruns;

import java.sql.SQLException;

/**
 * A page reached by paging: {@code number} counts from 1, {@code request} starts it. Found by walking the pages of a
 * case with one implementation, following its next-page positions.
 */
public record DeepPage(int number, ListRunsRequest request) {

    /** Page {@code target} of the case, or its last page when it has fewer. */
    public static DeepPage walk(ListRunsImplementation implementation, ListRunsCase listRunsCase, int target)
            throws SQLException {
        ListRunsRequest request = listRunsCase.firstPage();
        int number = 1;
        while (number < target) {
            ListRunsPage page = implementation.list(request);
            if (page.next() == null) {
                break;
            }
            request = request.startingAt(page.next());
            number++;
        }
        return new DeepPage(number, request);
    }
}
