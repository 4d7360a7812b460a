package io.runstore.readtables;

/**
 * The case-folded form of a name that name filters and the name sort compare ({@code display_name_key} of run_list,
 * experiment and run_task, {@code name_key} of run_task): KFP compares names case-insensitively (its MySQL install by
 * collation, its list filters with {@code LOWER(column)}), so runstore does too, on both databases, by comparing this
 * key in byte order. Each code point is mapped on its own (upper case, then lower case: a simple case fold that does
 * not depend on the locale and keeps the length), so the key fits the name's column.
 */
public final class NameKey {

    private NameKey() {
    }

    public static String of(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder key = new StringBuilder(name.length());
        name.codePoints().forEach(point -> key.appendCodePoint(Character.toLowerCase(Character.toUpperCase(point))));
        return key.toString();
    }
}
