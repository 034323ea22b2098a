package io.telemetryagent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlSanitizerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "SELECT * FROM owners WHERE last_name = 'Davis'            | SELECT * FROM owners WHERE last_name = ?",
            "SELECT * FROM t WHERE a = 'it''s' AND b = 42              | SELECT * FROM t WHERE a = ? AND b = ?",
            "UPDATE t SET price = 12.50, ratio = 1e-3, mask = 0xFF     | UPDATE t SET price = ?, ratio = ?, mask = ?",
            "SELECT t1.id, col2 FROM table1 t1 WHERE x = -7            | SELECT t1.id, col2 FROM table1 t1 WHERE x = -?",
            "SELECT * FROM t WHERE id = ? AND v = $1                   | SELECT * FROM t WHERE id = ? AND v = $1",
            "SELECT \"Name\" FROM \"Owners\" WHERE code = 'X1'         | SELECT \"Name\" FROM \"Owners\" WHERE code = ?",
            "SELECT E'a\\'b secret' AS s                               | SELECT ? AS s",
            "SELECT $$body 'secret'$$, $fn$x$fn$                       | SELECT ?, ?",
            "SELECT 1 -- password is hunter2                           | SELECT ? ",
            "SELECT /* 'secret' */ 2                                   | SELECT   ?",
            "INSERT INTO t VALUES ('unterminated                       | INSERT INTO t VALUES (?",
    })
    void removesEveryLiteral(String sql, String expected) {
        assertEquals(expected, SqlSanitizer.sanitize(sql));
    }

    @Test
    void boundsTheLength() {
        StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
        for (int i = 0; i < 2000; i++) {
            sql.append(i).append(", ");
        }
        String sanitized = SqlSanitizer.sanitize(sql.append("0)").toString());
        assertTrue(sanitized.length() <= SqlSanitizer.MAX_LENGTH && sanitized.length() > SqlSanitizer.MAX_LENGTH - 3, sanitized);
        assertTrue(sanitized.startsWith("SELECT * FROM t WHERE id IN (?, ?, "), sanitized);
    }
}
