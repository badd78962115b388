package dev.vitface;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A log handler that keeps every record it is given, for tests that assert what was logged. */
public final class RecordingHandler extends Handler {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Every record so far, in the order they were published. */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
