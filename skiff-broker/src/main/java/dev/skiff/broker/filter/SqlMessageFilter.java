package dev.skiff.broker.filter;

import dev.skiff.store.MessageFilter;
import java.nio.ByteBuffer;

/**
 * A SQL92 subscription as a store filter. The consume queue's tag hash says nothing about
 * properties, so every entry passes the first stage; the store then hands over each record, whose
 * properties the predicate reads in place. Records that do not match are skipped and the pull's
 * next offset moves past them, as for tag filters.
 */
public final class SqlMessageFilter implements MessageFilter {
    private final SqlPredicate predicate;

    public SqlMessageFilter(SqlPredicate predicate) {
        this.predicate = predicate;
    }

    @Override
    public boolean matchesTagsCode(long tagsCode) {
        return true;
    }

    @Override
    public boolean readsRecords() {
        return true;
    }

    @Override
    public boolean matchesRecord(ByteBuffer record) {
        return predicate.matchesRecord(record);
    }

    public SqlPredicate predicate() {
        return predicate;
    }

    @Override
    public String toString() {
        return predicate.toString();
    }
}
