-- ListTasks' name filters and name sorts ignore case as ListRuns' do (V9): name_key and display_name_key hold the
-- task's name and display name case-folded (io.runstore.readtables.NameKey, written by the projector), compared and
-- ordered in byte order. No index: ListTasks reads one run's tasks, which its primary key finds. The vendor scripts
-- (V10_1) set the keys' collation, drop the default and fill the keys of the existing rows.
ALTER TABLE run_task ADD COLUMN name_key VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE run_task ADD COLUMN display_name_key VARCHAR(255) NOT NULL DEFAULT '';
