package io.runstore.query.listing;

import org.jooq.Condition;
import org.jooq.Field;

import java.util.List;

import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.noCondition;

/** Turns parsed predicates into jOOQ conditions; every value is a bind value. */
public final class FilterConditions {

    private FilterConditions() {
    }

    public static Condition of(List<Predicate> predicates) {
        Condition all = noCondition();
        for (Predicate predicate : predicates) {
            all = all.and(predicate.column().type() == ValueType.TIMESTAMP
                    ? condition(predicate.column().micros(), predicate, Long.class)
                    : condition(predicate.column().text(), predicate, String.class));
        }
        return all;
    }

    private static <T> Condition condition(Field<T> field, Predicate predicate, Class<T> type) {
        if (predicate.operation() == Operation.IN) {
            // KFP: IN with an empty list matches nothing
            return predicate.values().isEmpty() ? falseCondition()
                    : field.in(predicate.values().stream().map(type::cast).toList());
        }
        T value = type.cast(predicate.value());
        return switch (predicate.operation()) {
            case EQUALS -> field.eq(value);
            case NOT_EQUALS -> field.ne(value);
            case GREATER_THAN -> field.gt(value);
            case GREATER_THAN_EQUALS -> field.ge(value);
            case LESS_THAN -> field.lt(value);
            case LESS_THAN_EQUALS -> field.le(value);
            case IN -> throw new IllegalStateException("IN is handled above");
            // contains() escapes % and _ in the value: a substring match, not a pattern
            case IS_SUBSTRING -> field.contains(value);
        };
    }
}
