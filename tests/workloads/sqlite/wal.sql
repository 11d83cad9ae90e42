-- Write-ahead logging (the -shm file is mapped shared), small transactions,
-- a checkpoint, back to a rollback journal, a vacuum, and blobs spanning
-- overflow pages. (No randomblob: its bytes come from /dev/urandom.)
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE log(id INTEGER PRIMARY KEY, k INTEGER, msg TEXT, payload BLOB);
CREATE INDEX log_k ON log(k);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO log(k, msg, payload) SELECT i % 17, 'batch0-' || i, zeroblob(0) FROM n;
BEGIN; INSERT INTO log(k, msg) VALUES (1, 'one'); COMMIT;
BEGIN; INSERT INTO log(k, msg) VALUES (2, 'two'); UPDATE log SET msg = upper(msg) WHERE k = 2; COMMIT;
BEGIN; DELETE FROM log WHERE k = 3; COMMIT;
BEGIN; INSERT INTO log(k, msg, payload) VALUES (4, 'big', zeroblob(70000)); COMMIT;
-- 2000 rows, each with a 3000-byte blob built from text, inside a savepoint
SAVEPOINT a;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO log(k, msg, payload) SELECT i % 23, printf('row %05d', i), CAST(replace(printf('%.3000c', '*'), '*', char(65 + i % 26)) AS BLOB) FROM n;
RELEASE a;
SELECT count(*), sum(length(payload)), count(DISTINCT k) FROM log;
PRAGMA wal_checkpoint(TRUNCATE);
DELETE FROM log WHERE id % 3 = 0;
SELECT count(*), sum(k), min(msg), max(msg) FROM log;
SELECT k, count(*), sum(length(payload)) FROM log GROUP BY k ORDER BY k LIMIT 5;
SELECT hex(substr(payload, 1, 4)), length(payload) FROM log WHERE msg = 'row 01234';
PRAGMA journal_mode = DELETE;
VACUUM;
PRAGMA integrity_check;
PRAGMA page_count;
PRAGMA freelist_count;
