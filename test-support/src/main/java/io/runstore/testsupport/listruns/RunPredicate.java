package io.runstore.testsupport.listruns;

/** One predicate of a ListRuns filter, with KFP's keys and operations (string values only: all these keys are). */
public record RunPredicate(Key key, Operation operation, String value) {

    public enum Key {
        STATE("state"),
        STORAGE_STATE("storage_state"),
        DISPLAY_NAME("display_name");

        public final String apiName;

        Key(String apiName) {
            this.apiName = apiName;
        }
    }

    public enum Operation {
        EQUALS,
        NOT_EQUALS,
        IS_SUBSTRING
    }

    @Override
    public String toString() {
        return key.apiName + " " + operation + " " + value;
    }
}
