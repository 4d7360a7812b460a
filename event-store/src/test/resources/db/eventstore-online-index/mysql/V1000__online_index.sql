-- An index migration as the rule for event_log asks (EventStoreSchema): built without blocking appends.
CREATE INDEX ix_event_log_online_test ON event_log (occurred_at) ALGORITHM=INPLACE LOCK=NONE;
