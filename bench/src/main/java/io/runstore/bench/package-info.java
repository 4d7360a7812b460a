/**
 * Benchmarks. Each one measures runstore and its baseline (stock Axon engine or processor, KFP's queries) in the same
 * run, on the same machine and data, and reports ratios with the data size. Never timed assertions in tests.
 * One package per area: {@code append} (event store), {@code command} (command API over HTTP), {@code projection},
 * {@code query}, {@code kfp} (KFP's schema and queries).
 */
package io.runstore.bench;
