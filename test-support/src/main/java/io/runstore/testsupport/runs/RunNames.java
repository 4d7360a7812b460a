package io.runstore.testsupport.runs;

import java.util.Random;

/**
 * Run names as {@link RunGenerator} writes them (seven in ten {@code Run of <pipeline> (<5 hex>)}, the rest
 * {@code <pipeline>-<word>-<n>}, one pipeline in twelve {@code xgboost-tuning}), for a table loaded without events
 * ({@code readtables.RunListRows}). Run {@code index}'s name depends on its index alone.
 */
public final class RunNames {

    private RunNames() {
    }

    public static String of(int index) {
        Random random = new Random(index * 104_729L + 17);
        String pipeline = Vocabulary.PIPELINES[random.nextInt(Vocabulary.PIPELINES.length)];
        return random.nextInt(10) < 7
                ? String.format("Run of %s (%05x)", pipeline, random.nextInt(0x100000))
                : pipeline + "-" + Vocabulary.WORDS[random.nextInt(Vocabulary.WORDS.length)] + "-" + index % 1000;
    }
}
