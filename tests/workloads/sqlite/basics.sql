-- Tables filled by recursive CTEs, joins, aggregates, indexes, transactions
-- and savepoints, text and printf functions, window functions, json, dates
-- from fixed strings (never 'now'), and a recursive-CTE Mandelbrot.
.headers on
.mode list
PRAGMA page_size = 4096;

CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, signup TEXT);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
                    amount_cents INTEGER, item TEXT, day TEXT);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO customers(id, name, city, signup)
SELECT i,
       printf('cust%04d', i),
       CASE i % 5 WHEN 0 THEN 'Oslo' WHEN 1 THEN 'Lima' WHEN 2 THEN 'Pune' WHEN 3 THEN 'Kyiv' ELSE 'Nice' END,
       date('2020-01-01', '+' || (i * 7 % 1000) || ' days')
FROM n;

-- a deterministic pseudo-random stream: an LCG inside the CTE
WITH RECURSIVE r(i, x) AS (
  SELECT 1, 12345
  UNION ALL
  SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM r WHERE i < 50000
)
INSERT INTO orders(id, customer_id, amount_cents, item, day)
SELECT i, 1 + x % 2000, 100 + (x / 7) % 100000,
       CASE (x / 3) % 6 WHEN 0 THEN 'book' WHEN 1 THEN 'lamp' WHEN 2 THEN 'chair'
                        WHEN 3 THEN 'desk' WHEN 4 THEN 'pen' ELSE 'mug' END,
       date('2023-01-01', '+' || (x % 365) || ' days')
FROM r;

SELECT count(*) AS n, sum(amount_cents) AS total, min(amount_cents) AS lo, max(amount_cents) AS hi FROM orders;

-- join + group by + having + order by, without and then with an index
SELECT c.city, count(*) AS orders, printf('%.2f', sum(o.amount_cents) / 100.0) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id
GROUP BY c.city HAVING count(*) > 100 ORDER BY revenue DESC;

CREATE INDEX orders_customer ON orders(customer_id);
CREATE INDEX orders_item_day ON orders(item, day);
EXPLAIN QUERY PLAN SELECT * FROM orders WHERE customer_id = 42;
SELECT item, count(*), min(day), max(day) FROM orders WHERE item IN ('pen', 'mug') GROUP BY item;
SELECT c.name, count(o.id) AS n, coalesce(sum(o.amount_cents), 0) AS cents
FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
WHERE c.id BETWEEN 100 AND 110 GROUP BY c.id ORDER BY c.id;

-- subqueries, EXISTS, IN, correlated subquery, UNION/EXCEPT/INTERSECT
SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);
SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders GROUP BY customer_id ORDER BY sum(amount_cents) DESC LIMIT 3);
SELECT city FROM customers WHERE id < 10 UNION SELECT 'Rome' EXCEPT SELECT 'Lima' ORDER BY 1;
SELECT id FROM customers WHERE id % 7 = 0 INTERSECT SELECT id FROM customers WHERE id % 11 = 0 ORDER BY id LIMIT 5;
SELECT id, (SELECT max(amount_cents) FROM orders o WHERE o.customer_id = c.id) AS best FROM customers c WHERE id <= 5;

-- window functions
SELECT customer_id, id, amount_cents,
       sum(amount_cents) OVER (PARTITION BY customer_id ORDER BY id) AS running,
       rank() OVER (PARTITION BY customer_id ORDER BY amount_cents DESC) AS rnk,
       lag(amount_cents) OVER (PARTITION BY customer_id ORDER BY id) AS prev
FROM orders WHERE customer_id IN (7, 8) ORDER BY customer_id, id;
SELECT item, day, count(*) OVER w AS n, avg(amount_cents) OVER w AS avg
FROM (SELECT * FROM orders WHERE item = 'lamp' AND day < '2023-01-04')
WINDOW w AS (ORDER BY day ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY day, id LIMIT 8;
SELECT ntile(4) OVER (ORDER BY id) AS q, id FROM customers WHERE id <= 10;

-- transactions and savepoints
BEGIN;
UPDATE orders SET amount_cents = amount_cents + 1 WHERE item = 'pen';
SAVEPOINT s1;
DELETE FROM orders WHERE item = 'mug';
SELECT count(*) AS after_delete FROM orders;
ROLLBACK TO s1;
RELEASE s1;
SELECT count(*) AS after_rollback_to FROM orders;
COMMIT;
BEGIN;
DELETE FROM customers;
ROLLBACK;
SELECT count(*) AS customers_kept FROM customers;

-- text functions and printf
SELECT upper('abc'), lower('ÀBC'), length('héllo'), length(CAST('héllo' AS BLOB)), substr('abcdef', 2, 3),
       substr('abcdef', -2), replace('a-b-c', '-', '+'), instr('hello', 'll'), trim('  x  '),
       ltrim('xxabc', 'x'), rtrim('abcyy', 'y'), hex('AZ'), unicode('€'), char(72, 105), quote('it''s');
SELECT printf('%5d|%-5d|%05.1f|%x|%o|%e|%s|%q|%%|%c', 42, 42, 3.14159, 255, 8, 1234.5, 'str', 'a''b', 'xyz');
SELECT printf('%,d', 1234567), printf('%.3s', 'abcdef'), printf('%10.4f', 2.0 / 3), format('%08.3f', -1.5);
SELECT 'abc' LIKE 'A%', 'abc' GLOB 'A*', 'a_c' LIKE 'a\_c' ESCAPE '\', 'x' || 'y' || 1 || 2.5;
SELECT group_concat(name, ';') FROM (SELECT name FROM customers WHERE id <= 5 ORDER BY id);
SELECT typeof(1), typeof(1.0), typeof('1'), typeof(x'01'), typeof(NULL), 10 / 3, 10 / 3.0, 10 % 3, -7 / 2, -7 % 2;
SELECT CAST('12abc' AS INTEGER), CAST(3.99 AS INTEGER), CAST(12 AS TEXT) || 'x', round(2.5), round(-2.5), round(1.23456, 3);
SELECT abs(-9223372036854775807), 9223372036854775807 + 0, 1e308 * 10, zeroblob(3) = x'000000';

-- math functions (SQLITE_ENABLE_MATH_FUNCTIONS)
SELECT printf('%.10f', sqrt(2)), printf('%.10f', pi()), ceil(1.2), floor(-1.2), power(2, 10), log10(1000), ln(1), mod(10, 3),
       printf('%.8f', sin(1)), printf('%.8f', atan2(1, 2)), trunc(-2.7), sign(-3);

-- dates from fixed strings
SELECT date('2024-02-28', '+1 day'), date('2023-02-28', '+1 day'), datetime('2024-01-31 12:00:00', '+1 month'),
       strftime('%Y-%j %W %w %H:%M:%S', '2024-12-31 23:59:58'), julianday('2000-01-01'), unixepoch('2001-09-09 01:46:40'),
       date(1700000000, 'unixepoch'), time('12:34:56', '+3600 seconds'), date('2024-05-15', 'start of month', '-1 day');

-- json
SELECT json_object('id', 1, 'name', 'x', 'tags', json_array('a', 'b', 3), 'nested', json_object('k', NULL));
SELECT json_extract('{"a":{"b":[10,20,30]}}', '$.a.b[1]'), json_type('{"a":1.5}', '$.a'), json_valid('{bad'),
       json_array_length('[1,2,3,[4]]'), json_insert('{"a":1}', '$.b', 2), json_remove('[0,1,2]', '$[1]'),
       json_set('{"a":1}', '$.a', 'z'), json_patch('{"a":1,"b":2}', '{"b":null,"c":3}');
SELECT key, value, type FROM json_each('{"x":1,"y":[1,2],"z":"s"}');
SELECT json_group_array(id), json_group_object(name, city) FROM (SELECT * FROM customers WHERE id <= 3 ORDER BY id);
SELECT fullkey, atom FROM json_tree('{"a":[1,{"b":2}]}') WHERE atom IS NOT NULL;
SELECT '{"a":[1,2,3]}' -> '$.a', '{"a":[1,2,3]}' ->> '$.a[2]';

-- upsert, returning, generated columns, check constraints, strict tables
CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0, twice INTEGER GENERATED ALWAYS AS (v * 2) VIRTUAL,
                CHECK (v >= 0)) STRICT;
INSERT INTO kv(k, v) VALUES ('a', 1), ('b', 2) RETURNING k, v, twice;
INSERT INTO kv(k, v) VALUES ('a', 10) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v RETURNING *;
INSERT OR IGNORE INTO kv(k, v) VALUES ('b', 99);
SELECT k, v, twice FROM kv ORDER BY k;

-- views and triggers
CREATE TABLE audit(seq INTEGER PRIMARY KEY, what TEXT);
CREATE TRIGGER kv_upd AFTER UPDATE ON kv BEGIN INSERT INTO audit(what) VALUES (old.k || ':' || old.v || '->' || new.v); END;
CREATE VIEW big_kv AS SELECT k FROM kv WHERE v > 5;
UPDATE kv SET v = v * 3;
SELECT * FROM audit ORDER BY seq;
SELECT * FROM big_kv ORDER BY k;

-- recursive CTEs: Fibonacci, and a Mandelbrot set in ASCII
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 90)
SELECT n, a FROM fib WHERE n IN (10, 50, 90);
.headers off
WITH RECURSIVE
  xaxis(x) AS (VALUES(-2.0) UNION ALL SELECT x + 0.05 FROM xaxis WHERE x < 1.2),
  yaxis(y) AS (VALUES(-1.0) UNION ALL SELECT y + 0.1 FROM yaxis WHERE y < 1.0),
  m(iter, cx, cy, x, y) AS (
    SELECT 0, x, y, 0.0, 0.0 FROM xaxis, yaxis
    UNION ALL
    SELECT iter + 1, cx, cy, x * x - y * y + cx, 2.0 * x * y + cy FROM m
     WHERE (x * x + y * y) < 4.0 AND iter < 28
  ),
  m2(iter, cx, cy) AS (SELECT max(iter), cx, cy FROM m GROUP BY cx, cy),
  a(t) AS (SELECT group_concat(substr(' .+*#', 1 + min(iter / 7, 4), 1), '') FROM m2 GROUP BY cy)
SELECT group_concat(rtrim(t), x'0a') FROM a;

PRAGMA integrity_check;
SELECT count(*) FROM sqlite_schema;
