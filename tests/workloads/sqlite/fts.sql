-- Full-text search (FTS5) and R*Tree over generated data.
CREATE VIRTUAL TABLE docs USING fts5(title, body);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000),
     w(i, word) AS (VALUES (0, 'alpha'), (1, 'bravo'), (2, 'charlie'), (3, 'delta'), (4, 'echo'),
                           (5, 'foxtrot'), (6, 'golf'), (7, 'hotel'), (8, 'india'), (9, 'juliett'))
INSERT INTO docs(rowid, title, body)
SELECT n.i,
       (SELECT word FROM w WHERE w.i = n.i % 10) || ' ' || (SELECT word FROM w WHERE w.i = n.i / 10 % 10),
       (SELECT group_concat(word, ' ') FROM w WHERE (n.i >> w.i) & 1) || ' doc' || n.i
FROM n;
SELECT count(*) FROM docs WHERE docs MATCH 'alpha';
SELECT count(*) FROM docs WHERE docs MATCH 'alpha AND golf NOT hotel';
SELECT count(*) FROM docs WHERE docs MATCH 'title:echo';
SELECT count(*) FROM docs WHERE docs MATCH '"bravo charlie"';
SELECT count(*) FROM docs WHERE docs MATCH 'ind*';
SELECT rowid, title FROM docs WHERE docs MATCH 'juliett AND india AND hotel AND golf' ORDER BY rowid LIMIT 5;
SELECT rowid, highlight(docs, 0, '[', ']') FROM docs WHERE docs MATCH 'title:delta' ORDER BY rank, rowid LIMIT 3;
SELECT rowid, snippet(docs, 1, '<', '>', '...', 4) FROM docs WHERE docs MATCH 'foxtrot' ORDER BY rowid LIMIT 3;
INSERT INTO docs(docs) VALUES ('optimize');
DELETE FROM docs WHERE rowid % 2 = 0;
SELECT count(*) FROM docs WHERE docs MATCH 'alpha OR bravo';
INSERT INTO docs(docs) VALUES ('integrity-check');

CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx, miny, maxy);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
INSERT INTO boxes SELECT i, (i % 100) * 10, (i % 100) * 10 + 5 + i % 7, (i / 100) * 10, (i / 100) * 10 + 5 + i % 3 FROM n;
SELECT count(*) FROM boxes WHERE minx >= 100 AND maxx <= 300 AND miny >= 100 AND maxy <= 300;
SELECT count(*) FROM boxes WHERE maxx >= 495 AND minx <= 505 AND maxy >= 495 AND miny <= 505;
SELECT id FROM boxes WHERE minx <= 1 AND maxx >= 1 AND miny <= 1 AND maxy >= 1;
SELECT rtreecheck('boxes');
PRAGMA integrity_check;
