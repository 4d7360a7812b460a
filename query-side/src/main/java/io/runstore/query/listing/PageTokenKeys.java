package io.runstore.query.listing;

import java.util.List;

/** The secrets page tokens are signed with, newest first: the first signs, every one is accepted. */
@FunctionalInterface
public interface PageTokenKeys {

    List<byte[]> current();
}
