package io.runstore.events.run;

/** KFP v2beta1 {@code RunStorageState}. */
public enum StorageState {
    STORAGE_STATE_UNSPECIFIED,
    AVAILABLE,
    ARCHIVED
}
