package io.runstore.query.listing;

import io.runstore.query.web.QueryException;

/**
 * The filter, sort and start of one list request, taken from its parameters or from its page token. A token is only
 * valid for the scope, filter and sort it was made for: a request that repeats them unchanged (or leaves them out)
 * continues the listing, one that changes them is refused, as KFP does.
 */
public record Listing(Filter filter, Sort sort, Position after) {

    /** The parameters of one list request. */
    public record Parameters(String filter, String sort, String sortParameter, String pageToken) {
    }

    /** How one list API reads its parameters. */
    public record Keys(Columns columns, String defaultSortKey, boolean metricSort) {
    }

    public static Listing resolve(PageTokens tokens, String scope, Parameters parameters, Keys keys) {
        Filter requestedFilter = FilterParser.parse(parameters.filter(), keys.columns());
        Sort requestedSort = Sort.parse(parameters.sort(), keys.columns(), keys.defaultSortKey(), keys.metricSort(),
                parameters.sortParameter());
        if (parameters.pageToken() == null || parameters.pageToken().isEmpty()) {
            return new Listing(requestedFilter, requestedSort, null);
        }
        PageTokens.Token token = tokens.read(parameters.pageToken());
        if (!token.scope().equals(scope)) {
            throw QueryException.invalid("page_token was made for another scope (" + token.scope()
                    + "), not for " + scope);
        }
        Filter filter = FilterParser.parse(token.filter(), keys.columns());
        if (!requestedFilter.isEmpty() && !requestedFilter.source().equals(filter.source())) {
            throw QueryException.invalid("filter differs from the filter the page_token was made for: repeat it "
                    + "unchanged or leave it out");
        }
        Sort sort = Sort.parse(token.sort(), keys.columns(), keys.defaultSortKey(), keys.metricSort(),
                parameters.sortParameter());
        if (parameters.sort() != null && !parameters.sort().isBlank()
                && !requestedSort.canonical().equals(sort.canonical())) {
            throw QueryException.invalid(parameters.sortParameter() + " '" + parameters.sort() + "' differs from the "
                    + "sort the page_token was made for (" + sort.canonical() + ")");
        }
        return new Listing(filter, sort, token.position());
    }

    /** KFP's page size rules: 0 means 20, above 200 means 200, negative is an error. */
    public static int pageSize(int requested, int max) {
        if (requested < 0) {
            throw QueryException.invalid("page_size must not be negative, got " + requested);
        }
        return requested == 0 ? Math.min(20, max) : Math.min(requested, max);
    }
}
